using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Feedback;

public enum SurveyKind
{
    Csat,
    Nps,
}

/// <summary>Where in the customer's journey the survey asks: after support, after a delivery, or on a schedule.</summary>
public enum SurveyTouchpoint
{
    Support,
    Delivery,
    Relationship,
}

public enum SurveyState
{
    /// <summary>Waiting for its moment (the CSAT delay, the days after delivery).</summary>
    Scheduled,
    Sent,

    /// <summary>A rule said no at its moment (reopened, quiet days, erased …); a skipped survey is not queued for later.</summary>
    Skipped,
}

public static class SurveyWire
{
    public static string ToWire(this SurveyKind k) => k == SurveyKind.Csat ? "csat" : "nps";
    public static string ToWire(this SurveyTouchpoint t) => t switch { SurveyTouchpoint.Support => "support", SurveyTouchpoint.Delivery => "delivery", _ => "relationship" };
    public static string ToWire(this SurveyState s) => s switch { SurveyState.Scheduled => "scheduled", SurveyState.Sent => "sent", _ => "skipped" };

    public static SurveyKind? Kind(string? s) => s?.ToLowerInvariant() switch { "csat" => SurveyKind.Csat, "nps" => SurveyKind.Nps, _ => null };

    public static SurveyTouchpoint? Touchpoint(string? s) => s?.ToLowerInvariant() switch
    {
        "support" => SurveyTouchpoint.Support, "delivery" => SurveyTouchpoint.Delivery, "relationship" => SurveyTouchpoint.Relationship, _ => null,
    };
}

public enum AnswerOutcome
{
    Recorded,
    Unchanged,
    Closed,
    OutOfRange,
    NotSent,
}

/// <summary>
/// One survey to one customer: scheduled at a trigger, sent (or skipped) at its moment, answered by a click on a signed
/// link; a later click within the answer window changes the answer. Every answer and change appends a
/// <see cref="SurveyAnswerFact"/>, which reports read.
/// </summary>
public sealed class Survey
{
    private Survey()
    {
    }

    public Guid Id { get; private init; } = Ids.NewId();
    public SurveyKind Kind { get; private init; }
    public SurveyTouchpoint Touchpoint { get; private init; }
    public Guid CustomerId { get; private init; }
    public Guid? ConversationId { get; private init; }
    public long? ConversationNumber { get; private init; }
    public Guid? OrderId { get; private init; }
    public string? OrderNumber { get; private init; }

    /// <summary>The language the survey was sent in (the customer's at that moment).</summary>
    public string Language { get; private set; } = "en";
    public DateTime CreatedAt { get; private init; }
    public DateTime DueAt { get; private set; }
    public SurveyState State { get; private set; }
    public string? SkipReason { get; private set; }
    public DateTime? SentAt { get; private set; }
    public int? Value { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public DateTime? ChangedAt { get; private set; }
    public string? Comment { get; private set; }
    public string? Reason { get; private set; }
    public int Revision { get; private set; }

    /// <summary>The conversation a detractor's answer opened (closing the loop), once.</summary>
    public long? ComplaintNumber { get; private set; }

    /// <summary>Dimensions reports group by, as they were when the survey was sent.</summary>
    public string? Channel { get; private set; }
    public string? Topic { get; private set; }
    public string? AssigneeId { get; private set; }

    public int MaxValue => Kind == SurveyKind.Csat ? 5 : 10;
    public int MinValue => Kind == SurveyKind.Csat ? 1 : 0;

    public static Survey AfterConversation(SurveyKind kind, Guid customerId, Guid conversationId, long number, string language, DateTime now, DateTime dueAt) => new()
    {
        Kind = kind, Touchpoint = SurveyTouchpoint.Support, CustomerId = customerId, ConversationId = conversationId, ConversationNumber = number,
        Language = language, CreatedAt = now, DueAt = dueAt, State = SurveyState.Scheduled,
    };

    public static Survey AfterDelivery(Guid customerId, Guid orderId, string orderNumber, string language, DateTime now, DateTime dueAt) => new()
    {
        Kind = SurveyKind.Nps, Touchpoint = SurveyTouchpoint.Delivery, CustomerId = customerId, OrderId = orderId, OrderNumber = orderNumber,
        Language = language, CreatedAt = now, DueAt = dueAt, State = SurveyState.Scheduled,
    };

    /// <summary>The relationship NPS of the store's schedule, due at once; the sender's frequency rules still decide.</summary>
    public static Survey OnSchedule(Guid customerId, string language, DateTime now) => new()
    {
        Kind = SurveyKind.Nps, Touchpoint = SurveyTouchpoint.Relationship, CustomerId = customerId, Language = language, CreatedAt = now, DueAt = now,
        State = SurveyState.Scheduled,
    };

    /// <summary>Resolved again before the survey went out: it waits the full delay from this resolve.</summary>
    public void Reschedule(DateTime dueAt)
    {
        if (State == SurveyState.Scheduled)
        {
            DueAt = dueAt;
        }
    }

    public void Skip(string reason)
    {
        if (State == SurveyState.Scheduled)
        {
            State = SurveyState.Skipped;
            SkipReason = reason;
        }
    }

    public void MarkSent(string language, DateTime now, string? channel, string? topic, string? assigneeId)
    {
        if (State != SurveyState.Scheduled)
        {
            throw new InvalidOperationException("Only a scheduled survey is sent.");
        }
        State = SurveyState.Sent;
        SentAt = now;
        Language = language;
        Channel = channel;
        Topic = topic;
        AssigneeId = assigneeId;
    }

    public bool IsOpenForAnswers(DateTime now, TimeSpan window) => State == SurveyState.Sent && SentAt is { } sent && now <= sent + window;

    /// <summary>Records a click: the first answer or a change of it, with the fact that reports read.</summary>
    public AnswerOutcome Answer(int value, DateTime now, TimeSpan window, out SurveyAnswerFact? fact)
    {
        fact = null;
        if (State != SurveyState.Sent)
        {
            return AnswerOutcome.NotSent;
        }
        if (value < MinValue || value > MaxValue)
        {
            return AnswerOutcome.OutOfRange;
        }
        if (!IsOpenForAnswers(now, window))
        {
            return AnswerOutcome.Closed;
        }
        if (Value == value)
        {
            return AnswerOutcome.Unchanged;
        }
        Value = value;
        AnsweredAt ??= now;
        ChangedAt = now;
        Revision++;
        fact = Fact(now);
        return AnswerOutcome.Recorded;
    }

    /// <summary>The optional comment and reason of the answer page; a change of them is a new fact too.</summary>
    public AnswerOutcome Explain(string? comment, string? reason, DateTime now, TimeSpan window, out SurveyAnswerFact? fact)
    {
        fact = null;
        if (State != SurveyState.Sent || Value is null)
        {
            return AnswerOutcome.NotSent;
        }
        if (!IsOpenForAnswers(now, window))
        {
            return AnswerOutcome.Closed;
        }
        comment = Clip(comment, 4000);
        reason = Clip(reason, 64);
        if (comment == Comment && reason == Reason)
        {
            return AnswerOutcome.Unchanged;
        }
        Comment = comment;
        Reason = reason;
        ChangedAt = now;
        Revision++;
        fact = Fact(now);
        return AnswerOutcome.Recorded;
    }

    public void ComplaintOpened(long number) => ComplaintNumber ??= number;

    private SurveyAnswerFact Fact(DateTime now) => new()
    {
        SurveyId = Id, Revision = Revision, Kind = Kind, Touchpoint = Touchpoint, Value = Value!.Value, At = now, FirstAnsweredAt = AnsweredAt!.Value,
        CustomerId = CustomerId, Language = Language, ConversationNumber = ConversationNumber, Channel = Channel, Topic = Topic, AssigneeId = AssigneeId,
        HasComment = !string.IsNullOrWhiteSpace(Comment),
    };

    private static string? Clip(string? s, int max)
    {
        s = string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return s is { Length: > 0 } && s.Length > max ? s[..max] : s;
    }
}

/// <summary>
/// Append-only: one row per answer and per change of it, with the dimensions reports group by. The latest revision of a
/// survey is its answer; reports read only this table.
/// </summary>
public sealed class SurveyAnswerFact
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid SurveyId { get; init; }
    public int Revision { get; init; }
    public SurveyKind Kind { get; init; }
    public SurveyTouchpoint Touchpoint { get; init; }
    public int Value { get; init; }
    public DateTime At { get; init; }

    /// <summary>When the survey was first answered: the period a report counts it in, whatever later changes.</summary>
    public DateTime FirstAnsweredAt { get; init; }
    public Guid CustomerId { get; init; }
    public required string Language { get; init; }
    public long? ConversationNumber { get; init; }
    public string? Channel { get; init; }
    public string? Topic { get; init; }
    public string? AssigneeId { get; init; }
    public bool HasComment { get; init; }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> b)
    {
        b.ToTable("surveys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Touchpoint).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.OrderNumber).HasMaxLength(64);
        b.Property(x => x.SkipReason).HasMaxLength(64);
        b.Property(x => x.Comment).HasMaxLength(4000);
        b.Property(x => x.Reason).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.AssigneeId).HasMaxLength(64);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.State, x.DueAt });
        b.HasIndex(x => new { x.CustomerId, x.SentAt });
        b.HasIndex(x => x.ConversationId);
        b.HasIndex(x => x.ConversationNumber);
        b.HasIndex(x => x.OrderId);
    }
}

internal sealed class SurveyAnswerFactConfiguration : IEntityTypeConfiguration<SurveyAnswerFact>
{
    public void Configure(EntityTypeBuilder<SurveyAnswerFact> b)
    {
        b.ToTable("survey_answer_facts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Touchpoint).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.AssigneeId).HasMaxLength(64);
        b.HasIndex(x => new { x.SurveyId, x.Revision }).IsUnique();
        b.HasIndex(x => new { x.Kind, x.FirstAnsweredAt });
    }
}
