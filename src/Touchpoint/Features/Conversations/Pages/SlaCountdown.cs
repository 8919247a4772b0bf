using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Touchpoint.Features.Conversations.Pages;

/// <summary>How a queue row and a conversation page show an SLA clock: time left or overdue, and its colour.</summary>
public static class SlaCountdown
{
    public const string Breached = "tp-sla-breached";
    public const string Warned = "tp-sla-warned";
    public const string Running = "tp-sla-running";
    public const string Quiet = "tp-sla-quiet";

    /// <summary>The running target that is due first, from a queue row's stored state.</summary>
    public static SlaTargetState? Soonest(string? state) =>
        ConversationSla.Parse(state)?.Targets.Where(t => t.State == SlaTargetState.Running && t.DueAt is not null).MinBy(t => t.DueAt);

    public static string Css(SlaTargetState? t, DateTime now) =>
        t is null ? Quiet : t.BreachRecorded || t.DueAt <= now ? Breached : t.Warned || t.WarnAt <= now ? Warned : Running;

    public static string Css(SlaTargetResponse t, DateTime now) => t.State switch
    {
        SlaTargetState.Breached => Breached,
        SlaTargetState.Running when t.DueAt <= now => Breached,
        SlaTargetState.Running when t.Warned => Warned,
        SlaTargetState.Running => Running,
        _ => Quiet,
    };

    /// <summary>"in 23 min", "2 h 5 min overdue".</summary>
    public static string Left(IStringLocalizer l, DateTime due, DateTime now)
    {
        var span = due - now;
        var overdue = span < TimeSpan.Zero;
        var text = Span(l, overdue ? -span : span);
        return string.Format(CultureInfo.CurrentCulture, l[overdue ? "Sla.Overdue" : "Sla.Left"], text);
    }

    public static string Span(IStringLocalizer l, TimeSpan span)
    {
        string F(string key, long n) => string.Format(CultureInfo.CurrentCulture, l[key], n);
        return span.TotalMinutes < 1 ? F("Sla.Unit.Seconds", (long)span.TotalSeconds)
            : span.TotalHours < 1 ? F("Sla.Unit.Minutes", (long)span.TotalMinutes)
            : span.TotalDays < 2 ? (span.Minutes == 0 ? F("Sla.Unit.Hours", (long)span.TotalHours) : F("Sla.Unit.Hours", (long)span.TotalHours) + " " + F("Sla.Unit.Minutes", span.Minutes))
            : F("Sla.Unit.Days", (long)span.TotalDays);
    }
}
