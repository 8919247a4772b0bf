using System.Text.Json;
using System.Text.Json.Serialization;

namespace Touchpoint.Features.Conversations;

/// <summary>
/// The SLA clocks of one conversation as plain data: the SLA feature computes and writes them (as JSON in
/// <see cref="Conversation.SlaState"/>); Conversations only store and show them, and know no policy or calendar.
/// </summary>
public sealed class ConversationSla
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Policy { get; set; }
    public List<SlaTargetState> Targets { get; set; } = [];

    public static ConversationSla? Parse(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<ConversationSla>(json, Json);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One target's clock in its current cycle (next response: one cycle per customer message that waits for an answer).</summary>
public sealed class SlaTargetState
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Achieved = "achieved";
    public const string Breached = "breached";

    /// <summary>Next response before the customer wrote again, or a target that ended without an answer (resolved unanswered).</summary>
    public const string Idle = "idle";

    public required string Target { get; set; }
    public int Cycle { get; set; }
    public required string State { get; set; }
    public long GoalSeconds { get; set; }
    public long? LimitSeconds { get; set; }

    /// <summary>Business-hours calendar name; null: calendar time (every hour counts).</summary>
    public string? Calendar { get; set; }
    public long WarnBeforeSeconds { get; set; }

    /// <summary>The stretches of this cycle while the clock ran (the last one open while it runs).</summary>
    public List<SlaStretch> Stretches { get; set; } = [];
    public DateTime? DueAt { get; set; }
    public DateTime? WarnAt { get; set; }
    public DateTime? LimitAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public long? ActualSeconds { get; set; }
    public bool Warned { get; set; }
    public bool BreachRecorded { get; set; }
    public bool LimitPassed { get; set; }
}

public sealed record SlaStretch(DateTime From, DateTime? To);

/// <summary>What the API shows of one target. A running clock past its due time reads as breached at once, before the sweeper records it.</summary>
public sealed record SlaTargetResponse(string Target, int Cycle, string State, DateTime? DueAt, long GoalSeconds, long? LimitSeconds, DateTime? LimitAt,
    string? Calendar, bool BusinessTime, DateTime? CompletedAt, long? ActualSeconds, bool Warned);

public sealed record SlaResponse(string Policy, DateTime? DueAt, IReadOnlyList<SlaTargetResponse> Targets)
{
    public static SlaResponse? From(string? json, DateTime? dueAt, DateTime now)
    {
        var sla = ConversationSla.Parse(json);
        return sla is null ? null : new SlaResponse(sla.Policy, dueAt, sla.Targets.Select(t => new SlaTargetResponse(
            t.Target, t.Cycle, t.State == SlaTargetState.Running && (t.BreachRecorded || t.DueAt < now) ? SlaTargetState.Breached : t.State,
            t.DueAt, t.GoalSeconds, t.LimitSeconds, t.LimitAt, t.Calendar, t.Calendar is not null, t.CompletedAt, t.ActualSeconds, t.Warned)).ToList());
    }
}

/// <summary>
/// What people read for a policy key (<see cref="SlaResponse.Policy"/>) in a language: the policies and their titles
/// belong to Sla, which sits above Conversations, so the conversation page asks through this seam. Without it the key is shown.
/// </summary>
public interface ISlaPolicyTitles
{
    ValueTask<string> TitleAsync(string policy, string language, CancellationToken ct);
}
