using System.Globalization;
using Microsoft.Extensions.Localization;
using Touchpoint.Platform.Localization;

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
        var text = Span(overdue ? -span : span);
        return string.Format(CultureInfo.CurrentCulture, l[overdue ? "Sla.Overdue" : "Sla.Left"], text);
    }

    /// <summary>A countdown's length, rounded to whole days from two days on ("in 3 d").</summary>
    public static string Span(TimeSpan span) =>
        Durations.Text(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, (long)span.TotalSeconds, rounded: true);
}
