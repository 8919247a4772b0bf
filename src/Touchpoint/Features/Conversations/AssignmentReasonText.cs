using Microsoft.Extensions.Localization;

namespace Touchpoint.Features.Conversations;

/// <summary>The stored reason (English, as the API gives it) in the reader's language.</summary>
public static class AssignmentReasonText
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["account manager"] = "Reason.AccountManager",
        ["on duty"] = "Reason.OnDuty",
        [AssignmentReasons.ByHand] = "Reason.ByHand",
        [AssignmentReasons.Unassigned] = "Reason.Returned",
        [AssignmentReasons.AnsweredCall] = "Reason.AnsweredCall",
        ["returned: agent went offline"] = "Reason.AgentOffline",
        ["reopened: same agent"] = "Reason.ReopenedSame",
        ["reopened: assignee not available"] = "Reason.ReopenedAway",
        ["escalated: on duty"] = "Reason.Escalated",
        ["waiting: everyone is full"] = "Reason.Full",
        ["waiting: no agent has these skills"] = "Reason.NoSkills",
        ["waiting: nobody with these skills is available"] = "Reason.NobodyAvailable",
    };

    /// <summary>The reason for people; <paramref name="topicName"/> names a topic key in the reader's language ("skill returns/pl" → "skill: Zwroty · Polski").</summary>
    public static string Describe(IStringLocalizer l, string? reason, Func<string, string>? topicName = null)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "";
        }
        if (Known.TryGetValue(reason, out var key))
        {
            return l[key];
        }
        // "skill returns/pl": routing's record of the topic and language it matched, named for people.
        if (reason.StartsWith("skill ", StringComparison.Ordinal))
        {
            var parts = reason["skill ".Length..].Split('/', 2);
            var topic = topicName?.Invoke(parts[0]) ?? parts[0];
            var language = parts.Length > 1 ? Platform.Localization.Languages.Names.GetValueOrDefault(parts[1], parts[1]) : "";
            return l["Reason.Skill", language.Length > 0 ? $"{topic} · {language}" : topic];
        }
        return reason;
    }
}
