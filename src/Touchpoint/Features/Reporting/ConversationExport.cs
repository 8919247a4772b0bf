using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Reporting;

/// <summary>One conversation of the export, as the facts, SLA outcomes, surveys and repeat links tell it.</summary>
public sealed record ConversationRow(long Number, string Channel, string Topic, string? CustomerEmail, string? Assignee, DateTime Created,
    DateTime? FirstReply, DateTime? Resolved, bool? FirstResponseMet, bool? ResolutionMet, int? Csat, bool? Repeated, long? RepeatOf);

/// <summary>
/// The conversations created in a period (the "conversations in" of the overview: mystery shoppers and erased
/// customers left out), one row each, read in batches of <see cref="MetricsOptions.ExportBatchSize"/> by number so
/// a year's export never sits in memory. Topic and assignee are the latest the facts carry.
/// </summary>
public static class ConversationExport
{
    public static readonly IReadOnlyList<string> Header =
        ["number", "channel", "topic", "customerEmail", "assignee", "created", "firstReply", "resolved", "firstResponseSla", "resolutionSla", "csat", "fcr", "repeatOf"];

    public static async IAsyncEnumerable<ConversationRow> RowsAsync(TouchpointDb db, DateTime from, DateTime to, int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var facts = db.Set<ConversationFact>().AsNoTracking();
        var customers = db.Set<Customer>().AsNoTracking();
        var outcomes = db.Set<SlaOutcome>().AsNoTracking();
        var surveys = db.Set<Survey>().AsNoTracking();
        var links = db.Set<RepeatContact>().AsNoTracking();
        var after = long.MinValue;
        while (true)
        {
            var batch = facts.Where(f => f.Kind == FactKinds.Created && f.At >= from && f.At < to && f.Number > after)
                .Where(f => !customers.Any(c => c.Id == f.CustomerId && (c.MysteryShopper || c.ErasedAt != null)))
                .OrderBy(f => f.Number).Take(batchSize)
                .Select(f => new
                {
                    f.Number, f.Channel, f.At,
                    Latest = facts.Where(g => g.ConversationId == f.ConversationId).OrderByDescending(g => g.At).Select(g => new { g.Topic, g.AssigneeId }).FirstOrDefault(),
                    Email = customers.Where(c => c.Id == f.CustomerId).Select(c => c.Email).FirstOrDefault(),
                    FirstReply = facts.Where(g => g.ConversationId == f.ConversationId && g.Kind == FactKinds.FirstReply).Min(g => (DateTime?)g.At),
                    Resolved = facts.Where(g => g.ConversationId == f.ConversationId && g.Kind == FactKinds.Resolved).Min(g => (DateTime?)g.At),
                    FirstResponse = outcomes.Where(o => o.ConversationId == f.ConversationId && o.Target == SlaTargets.FirstResponse)
                        .OrderBy(o => o.Cycle).Select(o => (bool?)o.Achieved).FirstOrDefault(),
                    Resolution = outcomes.Where(o => o.ConversationId == f.ConversationId && o.Target == SlaTargets.Resolution)
                        .OrderBy(o => o.Cycle).Select(o => (bool?)o.Achieved).FirstOrDefault(),
                    Csat = surveys.Where(s => s.ConversationId == f.ConversationId && s.Kind == SurveyKind.Csat).Select(s => s.Value).FirstOrDefault(),
                    Repeated = links.Any(l => l.EarlierId == f.ConversationId),
                    RepeatOf = links.Where(l => l.LaterId == f.ConversationId && l.EarlierId != f.ConversationId).OrderBy(l => l.At).Select(l => (long?)l.EarlierNumber).FirstOrDefault(),
                });
            var n = 0;
            await foreach (var r in batch.AsAsyncEnumerable().WithCancellation(ct))
            {
                n++;
                after = r.Number;
                yield return new ConversationRow(r.Number, r.Channel.ToWire(), r.Latest?.Topic ?? "", r.Email, r.Latest?.AssigneeId, r.At, r.FirstReply, r.Resolved,
                    r.FirstResponse, r.Resolution, r.Csat, r.Resolved is null ? null : r.Repeated, r.RepeatOf);
            }
            if (n < batchSize)
            {
                yield break;
            }
        }
    }

    /// <summary>The CSV cells of a row: moments in ISO 8601 UTC, SLA met|breached|—, FCR ok|repeat|— (— while unresolved).</summary>
    public static IReadOnlyList<string?> Cells(ConversationRow r, Func<string?, string?> assigneeEmail) =>
    [
        r.Number.ToString(CultureInfo.InvariantCulture), r.Channel, r.Topic, r.CustomerEmail, assigneeEmail(r.Assignee),
        Moment(r.Created), Moment(r.FirstReply), Moment(r.Resolved), Sla(r.FirstResponseMet), Sla(r.ResolutionMet),
        r.Csat?.ToString(CultureInfo.InvariantCulture), r.Repeated switch { true => "repeat", false => "ok", null => "—" },
        r.RepeatOf?.ToString(CultureInfo.InvariantCulture),
    ];

    private static string? Moment(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Sla(bool? met) => met switch { true => "met", false => "breached", null => "—" };
}
