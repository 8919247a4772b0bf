using System.Text.RegularExpressions;

namespace Touchpoint.Features.Conversations;

/// <summary>
/// Finds where a reply's quoted history begins, so the thread shows what is new and folds the rest.
/// The text itself is always kept in full.
/// </summary>
public static partial class QuotedHistory
{
    // "On Mon, 2 Nov 2026 at 10:00, Anna <a@b> wrote:", "W dniu 2.11.2026 o 10:00 Anna pisze:", "2 нояб. 2026 г., в 10:00, Анна написал(а):",
    // "Am … schrieb", Outlook's "-----Original Message-----" and "From: … Sent: …" blocks.
    [GeneratedRegex(@"^(On\s.+wrote:|W dniu\s.+(pisze|napisał|napisała)(\(a\))?:|.+(написал|написала|написал\(а\)|пишет):|Am\s.+schrieb.*:|-{2,}\s*(Original Message|Oryginalna wiadomość|Исходное сообщение|Пересылаемое сообщение)\s*-{2,}|(From|Od|От):\s.+)\s*$",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^>", RegexOptions.Multiline, matchTimeoutMilliseconds: 200)]
    private static partial Regex QuoteLine();

    /// <summary>The index where quoted history starts, or null when there is none (or nothing would remain above it).</summary>
    public static int? Find(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        int? start = null;
        try
        {
            var attribution = Attribution().Match(text);
            if (attribution.Success)
            {
                start = attribution.Index;
            }
            var quote = QuoteLine().Match(text);
            if (quote.Success && (start is null || quote.Index < start))
            {
                start = quote.Index;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        // A message that is only a quote (forwarded mail) is shown in full.
        return start is { } s && text[..s].Trim().Length > 0 ? s : null;
    }
}
