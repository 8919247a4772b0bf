using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Touchpoint.Platform.Web;

/// <summary>
/// A report's table as CSV (RFC 4180, UTF-8), written to the response row by row as the rows come, so a long export
/// never sits in memory. A cell that a spreadsheet would run as a formula (starting with =, +, @, or - before a
/// non-digit) gets a leading apostrophe.
/// </summary>
public sealed class CsvResult(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows) : IResult
{
    public const string ContentType = "text/csv";

    /// <summary>Whether the caller asked for CSV: <c>?format=csv</c>, or an <c>Accept</c> that names text/csv.</summary>
    public static bool Wanted(HttpRequest request, string? format) =>
        string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
        || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether a <c>format</c> value is one the reports know (json or csv).</summary>
    public static bool KnownFormat(string? format) => format is null || format.Equals("csv", StringComparison.OrdinalIgnoreCase) || format.Equals("json", StringComparison.OrdinalIgnoreCase);

    public static CsvResult From(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) => new(fileName, header, Async(rows));

    private static async IAsyncEnumerable<IReadOnlyList<string?>> Async(IEnumerable<IReadOnlyList<string?>> rows)
    {
        foreach (var r in rows)
        {
            yield return r;
        }
        await Task.CompletedTask;
    }

    public static string? Number(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = ContentType + "; charset=utf-8";
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        var ct = httpContext.RequestAborted;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(header).AsMemory(), ct);
        var n = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(row).AsMemory(), ct);
            if (++n % 1000 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }
        await writer.FlushAsync(ct);
    }

    private static string Line(IReadOnlyList<string?> cells)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append(Cell(cells[i]));
        }
        return sb.Append("\r\n").ToString();
    }

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '@' or '\t' or '\r' || (value[0] == '-' && (value.Length == 1 || !char.IsAsciiDigit(value[1]))))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
