using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Sla;

/// <summary>
/// The result of one target's cycle, written once (unique conversation + target + cycle): achieved when the answer came
/// in time; breached when the goal passed (recorded by the sweeper at that moment, or when the clock stopped). The
/// dimensions are copied as they were, for reports. A breach recorded while the clock still ran gets its actual time
/// when the clock stops (<see cref="CompletedAt"/>).
/// </summary>
public sealed class SlaOutcome
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid ConversationId { get; init; }
    public long Number { get; init; }
    public required string Target { get; init; }
    public int Cycle { get; init; }
    public required string Policy { get; init; }
    public Channel Channel { get; init; }
    public required string Topic { get; init; }
    public Priority Priority { get; init; }
    public string? AssigneeId { get; init; }
    public long GoalSeconds { get; init; }
    public bool Achieved { get; init; }
    public DateTime StartedAt { get; init; }

    /// <summary>When the result was known: the answer in time, or the moment the goal passed.</summary>
    public DateTime DecidedAt { get; init; }

    /// <summary>Business (or calendar) seconds the clock ran; null while a breached clock still runs.</summary>
    public long? ActualSeconds { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public static class SlaAlertKinds
{
    public const string Warning = "warning";
    public const string Breach = "breach";
    public const string Limit = "limit";
}

/// <summary>What the agent workspace shows and mails: a goal about to pass, passed, or a hard limit passed. One per kind and cycle.</summary>
public sealed class SlaAlert : EventSource
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid ConversationId { get; init; }
    public long Number { get; init; }
    public required string Target { get; init; }
    public int Cycle { get; init; }
    public required string Kind { get; init; }
    public string? AssigneeId { get; init; }
    public required string Subject { get; init; }
    public DateTime DueAt { get; init; }
    public DateTime CreatedAt { get; init; }

    public static SlaAlert Raise(Conversation c, SlaTargetState t, string kind, DateTime dueAt, DateTime now)
    {
        var alert = new SlaAlert
        {
            ConversationId = c.Id, Number = c.Number, Target = t.Target, Cycle = t.Cycle, Kind = kind, AssigneeId = c.AssigneeId,
            Subject = c.Subject.Length > 200 ? c.Subject[..200] : c.Subject, DueAt = dueAt, CreatedAt = now,
        };
        alert.Raise(new SlaAlertRaised(alert));
        if (kind == SlaAlertKinds.Limit)
        {
            alert.Raise(new SlaLimitPassed(c.Id, c.Number, t.Target));
        }
        return alert;
    }
}

/// <summary>Raised once per alert, in the sweep's transaction: Notifications mails the assignee and the service owners.</summary>
public sealed record SlaAlertRaised(SlaAlert Alert) : IDomainEvent;

/// <summary>A hard limit passed. Priority is already raised and the service owners told; Routing reassigns to the person on duty.</summary>
public sealed record SlaLimitPassed(Guid ConversationId, long Number, string Target) : IDomainEvent;

internal sealed class SlaOutcomeConfiguration : IEntityTypeConfiguration<SlaOutcome>
{
    public void Configure(EntityTypeBuilder<SlaOutcome> b)
    {
        b.ToTable("sla_outcomes");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Target).HasMaxLength(32);
        b.Property(x => x.Policy).HasMaxLength(100);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.AssigneeId).HasMaxLength(64);
        // Exactly once per cycle, whoever records it (the sweeper of any instance or the reply's save).
        b.HasIndex(x => new { x.ConversationId, x.Target, x.Cycle }).IsUnique();
        // The rollup and the report's open days read by decision day and by completion day.
        b.HasIndex(x => x.DecidedAt);
        b.HasIndex(x => x.CompletedAt);
    }
}

internal sealed class SlaAlertConfiguration : IEntityTypeConfiguration<SlaAlert>
{
    public void Configure(EntityTypeBuilder<SlaAlert> b)
    {
        b.ToTable("sla_alerts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Target).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.AssigneeId).HasMaxLength(64);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.HasIndex(x => new { x.ConversationId, x.Target, x.Cycle, x.Kind }).IsUnique();
        b.HasIndex(x => x.CreatedAt);
        b.HasIndex(x => x.Number);
    }
}
