namespace Touchpoint.Features.Reporting;

public static class RepeatReasons
{
    public const string Order = "order";
    public const string Topic = "topic";
    public const string Reopen = "reopen";
}

/// <summary>A resolved conversation as the repeat rule sees it: when it was (last) resolved, its topic then and its linked orders.</summary>
public sealed record ResolvedContact(Guid ConversationId, long Number, Guid CustomerId, string Topic, DateTime ResolvedAt, IReadOnlyCollection<Guid> Orders);

/// <summary>A new contact of a customer: the conversation, its topic and the orders it is about.</summary>
public sealed record NewContact(Guid ConversationId, Guid CustomerId, string Topic, DateTime At, IReadOnlyCollection<Guid> Orders);

public sealed record RepeatMatch(ResolvedContact Earlier, string Reason);

/// <summary>
/// First-contact resolution's rule. A resolved conversation fails FCR when the same customer contacts again, on any
/// channel, within the window after its resolution (inclusive: exactly the window later still counts) about the same
/// order — or, when either side names no order, the same topic; two contacts about different orders are not repeats.
/// The later conversation is a repeat of the latest resolved earlier one that matches. A reopen of the conversation
/// itself within the window fails it too. "One-touch" is resolved with exactly one public reply.
/// </summary>
public sealed class RepeatContactRule(TimeSpan window)
{
    public TimeSpan Window => window;

    /// <summary>Whether a contact at <paramref name="at"/> falls in the window of a resolution at <paramref name="resolvedAt"/>.</summary>
    public bool Within(DateTime resolvedAt, DateTime at) => at >= resolvedAt && at - resolvedAt <= window;

    /// <summary>Why <paramref name="later"/> repeats <paramref name="earlier"/> (order or topic), or null when it does not.</summary>
    public string? Reason(ResolvedContact earlier, NewContact later)
    {
        if (earlier.CustomerId != later.CustomerId || earlier.ConversationId == later.ConversationId || !Within(earlier.ResolvedAt, later.At))
        {
            return null;
        }
        if (earlier.Orders.Count > 0 && later.Orders.Count > 0)
        {
            return earlier.Orders.Any(later.Orders.Contains) ? RepeatReasons.Order : null;
        }
        return string.Equals(earlier.Topic, later.Topic, StringComparison.Ordinal) ? RepeatReasons.Topic : null;
    }

    /// <summary>The latest resolved earlier contact that <paramref name="later"/> repeats, or null.</summary>
    public RepeatMatch? Match(NewContact later, IEnumerable<ResolvedContact> earlier) =>
        earlier.OrderByDescending(e => e.ResolvedAt).ThenByDescending(e => e.Number)
            .Select(e => Reason(e, later) is { } reason ? new RepeatMatch(e, reason) : null)
            .FirstOrDefault(m => m is not null);

    /// <summary>A reopen of the conversation itself fails it when it comes within the window of its resolution.</summary>
    public bool ReopenFails(DateTime resolvedAt, DateTime reopenedAt) => Within(resolvedAt, reopenedAt);

    public static bool OneTouch(int publicReplies) => publicReplies == 1;

    /// <summary>
    /// The newest store-local day whose FCR is final: every conversation resolved that day has had its whole window
    /// (and the hour a finished day gets for late writes, as the SLA roll-up).
    /// </summary>
    public DateOnly LastFinalDay(DateTime utcNow, TimeZoneInfo zone) => Sla.SlaRollup.LastFinishedDay(utcNow - window, zone);

    /// <summary>FCR and one-touch as percentages 0–100 with one decimal; null when nothing was resolved.</summary>
    public static (double? Fcr, double? OneTouch) Rates(int resolved, int repeats, int oneTouch) =>
        resolved == 0 ? (null, null)
            : (Math.Round(100.0 * (resolved - repeats) / resolved, 1, MidpointRounding.AwayFromZero),
                Math.Round(100.0 * oneTouch / resolved, 1, MidpointRounding.AwayFromZero));
}
