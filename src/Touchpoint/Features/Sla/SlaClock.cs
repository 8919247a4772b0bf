using Touchpoint.Platform.Calendar;

namespace Touchpoint.Features.Sla;

/// <summary>A stretch of time when a target's clock runs; <see cref="To"/> null: still running.</summary>
public readonly record struct Running(DateTime From, DateTime? To);

/// <summary>
/// One SLA target's clock: it runs in the calendar's business time and stops while the conversation waits on the
/// customer (pending). Elapsed time is the business time inside the running stretches; the due time is the moment
/// the goal is used up if the clock keeps running — none while it is stopped.
/// </summary>
public static class SlaClock
{
    public static TimeSpan Elapsed(BusinessCalendar calendar, IEnumerable<Running> running, DateTime nowUtc)
    {
        var total = TimeSpan.Zero;
        foreach (var r in running)
        {
            var end = r.To is { } to && to < nowUtc ? to : nowUtc;
            total += calendar.Between(r.From, end);
        }
        return total;
    }

    /// <summary>Null while stopped; otherwise when <paramref name="goal"/> is reached (it may lie in the past: breached).</summary>
    public static DateTime? DueAt(BusinessCalendar calendar, TimeSpan goal, IReadOnlyList<Running> running)
    {
        if (running.Count == 0 || running[^1].To is not null)
        {
            return null;
        }
        var current = running[^1];
        var usedBefore = TimeSpan.Zero;
        for (var i = 0; i < running.Count - 1; i++)
        {
            usedBefore += calendar.Between(running[i].From, running[i].To!.Value);
        }
        var left = goal - usedBefore;
        return left <= TimeSpan.Zero ? current.From : calendar.Add(current.From, left);
    }
}
