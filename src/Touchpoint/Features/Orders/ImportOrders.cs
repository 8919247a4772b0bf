using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

/// <summary>
/// POST /api/v1/orders/import: a CSV of orders (header row; columns below). Each row creates or updates one
/// order and may move it to a status or mark it paid. Good rows are stored, bad rows are reported with their
/// line number and reasons; a bad row never blocks or half-stores the others. Re-importing the same file
/// changes nothing (status and payment use derived event ids).
/// </summary>
public sealed class ImportOrders(TouchpointDb db, UpsertOrder upsert, TimeProvider time)
{
    public static readonly string[] Columns =
        ["number", "email", "name", "phone", "language", "status", "paidAt", "total", "currency", "placedAt",
         "carrier", "trackingNumber", "line1", "city", "postalCode", "country"];

    public const int MaxRows = 200_000;
    private const int BatchSize = 250;

    private sealed record Row(int Line, string? Number, Dictionary<string, string?> Values);

    public async Task<ImportReport> ExecuteAsync(Stream csv, bool notify, string actor, CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        int rows = 0;
        var counts = new Counts(0, 0, 0);
        using var reader = new StreamReader(csv);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
            DetectDelimiter = true,
            TrimOptions = TrimOptions.Trim,
        };
        using var parser = new CsvReader(reader, config);
        if (!await parser.ReadAsync() || !parser.ReadHeader() || parser.HeaderRecord is not { } header)
        {
            return new ImportReport(0, 0, 0, 0, 1, [new ImportRowError(1, null, [Texts.Ui("Valid.Import.Empty")])]);
        }
        var known = header.Select(h => h.Trim()).Where(h => Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var unknown = header.Select(h => h.Trim()).Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (!known.Contains("number", StringComparer.OrdinalIgnoreCase) || !known.Contains("email", StringComparer.OrdinalIgnoreCase))
        {
            return new ImportReport(0, 0, 0, 0, 1, [new ImportRowError(1, null, [Texts.Ui("Valid.Import.Header", string.Join(", ", Columns))])]);
        }
        if (unknown.Count > 0)
        {
            errors.Add(new ImportRowError(1, null, [Texts.Ui("Valid.Import.UnknownColumns", string.Join(", ", unknown))]));
        }

        var batch = new List<Row>(BatchSize);
        while (await parser.ReadAsync())
        {
            rows++;
            if (rows > MaxRows)
            {
                errors.Add(new ImportRowError(parser.Parser.RawRow, null, [Texts.Ui("Valid.Import.TooManyRows", MaxRows)]));
                rows--;
                break;
            }
            var values = known.ToDictionary(k => k.ToLowerInvariant(), k => (string?)parser.GetField(k), StringComparer.OrdinalIgnoreCase);
            batch.Add(new Row(parser.Parser.RawRow, values.GetValueOrDefault("number")?.Trim(), values));
            if (batch.Count == BatchSize)
            {
                counts += await ImportBatchAsync(batch, notify, actor, errors, ct);
                batch.Clear();
            }
        }
        counts += await ImportBatchAsync(batch, notify, actor, errors, ct);
        var failed = errors.Count(e => e.Number is not null || e.Row > 1);
        return new ImportReport(rows, counts.Created, counts.Updated, counts.Unchanged, failed, errors);
    }

    private enum RowOutcome
    {
        Created,
        Updated,
        Unchanged,
    }

    private readonly record struct Counts(int Created, int Updated, int Unchanged)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Created + b.Created, a.Updated + b.Updated, a.Unchanged + b.Unchanged);

        public static Counts Of(IEnumerable<RowOutcome> outcomes)
        {
            var list = outcomes.ToList();
            return new(list.Count(o => o == RowOutcome.Created), list.Count(o => o == RowOutcome.Updated), list.Count(o => o == RowOutcome.Unchanged));
        }
    }

    /// <summary>Stages the whole batch and saves once; if the save fails, redoes it row by row to find the culprit.</summary>
    private async Task<Counts> ImportBatchAsync(List<Row> batch, bool notify, string actor, List<ImportRowError> errors, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return default;
        }
        var staged = new List<(Row Row, RowOutcome Outcome)>();
        var batchErrors = new List<ImportRowError>();
        foreach (var row in batch)
        {
            if (await StageAsync(row, notify, actor, batchErrors, ct) is { } outcome)
            {
                staged.Add((row, outcome));
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
            errors.AddRange(batchErrors);
            return Counts.Of(staged.Select(s => s.Outcome));
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
        var outcomes = new List<RowOutcome>();
        errors.AddRange(batchErrors);
        foreach (var (row, _) in staged)
        {
            var rowErrors = new List<ImportRowError>();
            var outcome = await StageAsync(row, notify, actor, rowErrors, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                if (outcome is { } o) { outcomes.Add(o); }
                errors.AddRange(rowErrors);
            }
            catch (DbUpdateException ex)
            {
                db.ChangeTracker.Clear();
                errors.Add(new ImportRowError(row.Line, row.Number, [Texts.Ui("Valid.Import.NotStored", ex.InnerException?.Message ?? ex.Message)]));
            }
        }
        return Counts.Of(outcomes);
    }

    /// <summary>Validates and stages one row; null when the row was refused (its errors are added).</summary>
    private async Task<RowOutcome?> StageAsync(Row row, bool notify, string actor, List<ImportRowError> errors, CancellationToken ct)
    {
        var v = row.Values;
        var now = time.GetUtcNow().UtcDateTime;
        var problems = new List<string>();
        decimal? total = ParseDecimal(v.GetValueOrDefault("total"), "total", problems);
        var placedAt = ParseTime(v.GetValueOrDefault("placedat"), "placedAt", problems);
        var paidAt = ParseTime(v.GetValueOrDefault("paidat"), "paidAt", problems);
        problems.AddRange(new Validation().RequirePlausible(paidAt, "paidAt", now + UpsertOrder.AllowedClockSkew).Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        var statusText = Blank(v.GetValueOrDefault("status"))?.ToLowerInvariant();
        OrderStatus? status = null;
        if (statusText is not null)
        {
            if (OrderStatuses.TryParse(statusText, out var parsed)) { status = parsed; }
            else { problems.Add($"status: {Texts.Ui("Valid.Import.Status", statusText)}"); }
        }
        var request = new PutOrderRequest(
            new CustomerInput(Blank(v.GetValueOrDefault("email")), Blank(v.GetValueOrDefault("name")), Blank(v.GetValueOrDefault("phone")), Blank(v.GetValueOrDefault("language"))?.ToLowerInvariant()),
            [], total, Blank(v.GetValueOrDefault("currency"))?.ToUpperInvariant(), placedAt,
            new AddressInput(Blank(v.GetValueOrDefault("name")), Blank(v.GetValueOrDefault("line1")), null, Blank(v.GetValueOrDefault("city")), Blank(v.GetValueOrDefault("postalcode")), null, Blank(v.GetValueOrDefault("country"))),
            Blank(v.GetValueOrDefault("carrier")), Blank(v.GetValueOrDefault("trackingnumber")));
        var (details, placed, validation) = UpsertOrder.Validate(row.Number ?? "", request, now);
        problems.AddRange(validation.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        if (problems.Count > 0 || details is null)
        {
            errors.Add(new ImportRowError(row.Line, row.Number, problems));
            return null;
        }
        var number = row.Number!;
        // Rows of one batch may repeat an order; the second sees the first's staged state.
        var result = await upsert.ApplyAsync(number, details, placed, actor, ct);
        var order = result.Order;
        order.MuteNotifications = !notify;
        try
        {
            if (status is { } target && target != order.Status && target != OrderStatus.Placed)
            {
                var eventId = $"import:{target.ToWire()}";
                if (!await HasEventAsync(order, eventId, ct))
                {
                    order.MoveTo(target, placed is { } p && p > order.StatusChangedAt ? p : now, now, actor, eventId, "CSV import");
                }
            }
            if (paidAt is { } paid && !order.IsPaid && !await HasEventAsync(order, "import:paid", ct))
            {
                order.MarkPaid(paid.UtcDateTime, now, actor, "import:paid", "CSV import");
            }
        }
        catch (DomainRuleException rule)
        {
            // The order data is still stored; only the refused move is reported.
            errors.Add(new ImportRowError(row.Line, number, [$"status: {rule.Message}"]));
        }
        if (result.Created)
        {
            return RowOutcome.Created;
        }
        db.ChangeTracker.DetectChanges();
        return db.Entry(order).State == EntityState.Unchanged ? RowOutcome.Unchanged : RowOutcome.Updated;
    }

    private async Task<bool> HasEventAsync(Order order, string eventId, CancellationToken ct) =>
        order.History.Any(h => h.EventId == eventId)
        || (db.Entry(order).State != EntityState.Added && await db.Set<OrderHistoryEntry>().AnyAsync(h => h.OrderId == order.Id && h.EventId == eventId, ct));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static decimal? ParseDecimal(string? s, string field, List<string> problems)
    {
        if (Blank(s) is not { } text) { return null; }
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) { return d; }
        problems.Add($"{field}: {Texts.Ui("Valid.Import.Number", text)}");
        return null;
    }

    private static DateTimeOffset? ParseTime(string? s, string field, List<string> problems)
    {
        if (Blank(s) is not { } text) { return null; }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) { return t; }
        problems.Add($"{field}: {Texts.Ui("Valid.Import.Time", text)}");
        return null;
    }
}
