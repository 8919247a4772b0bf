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

    public static string Describe(IStringLocalizer l, string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "";
        }
        if (Known.TryGetValue(reason, out var key))
        {
            return l[key];
        }
        // "skill returns/pl": the topic and language stay as they are.
        return reason.StartsWith("skill ", StringComparison.Ordinal) ? l["Reason.Skill", reason["skill ".Length..]] : reason;
    }
}
