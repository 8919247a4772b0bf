using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Phone;

public enum CallState
{
    Ringing,
    Answered,

    /// <summary>Answered and over: on the customer's phone conversation.</summary>
    Ended,

    /// <summary>Nobody answered (no answer, a break, off-hours): a callback task.</summary>
    Missed,
}

/// <summary>What one event did to a call; <see cref="None"/> when it was seen before or comes too late to matter.</summary>
public enum CallChange
{
    None,
    Ringing,
    Answered,
    Ended,
    Missed,
    Voicemail,
}

/// <summary>
/// One call as the telephony provider reported it, keyed by the provider's call id. The state only moves forward
/// (ringing → answered → ended, or ringing → missed), so a repeated or late event changes nothing.
/// </summary>
public sealed class PhoneCall
{
    public Guid Id { get; init; } = Ids.NewId();
    public required string CallId { get; init; }

    /// <summary>E.164; null when the caller withheld the number.</summary>
    public string? From { get; set; }
    public string? To { get; set; }
    public Guid? CustomerId { get; set; }
    public string? AgentId { get; set; }
    public CallState State { get; private set; } = CallState.Ringing;
    public DateTime StartedAt { get; set; }
    public DateTime? AnsweredAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public int? DurationSeconds { get; private set; }
    public string? RecordingUrl { get; private set; }
    public string? VoicemailUrl { get; private set; }

    /// <summary>Whom the ringing answer named, in order (emails), and how many: none means nobody was available.</summary>
    public string? Rang { get; set; }
    public int? RingTargets { get; set; }

    /// <summary>The conversation the call landed on: the phone conversation (answered) or the callback task (missed).</summary>
    public long? ConversationNumber { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two deliveries of one event at once apply it once.</summary>
    public int Version { get; private set; }

    /// <summary>An answered or missed call belongs on a conversation; until it is there, a retry lands it again.</summary>
    public bool NeedsConversation => State is CallState.Ended or CallState.Missed && ConversationNumber is null;

    public CallChange Answer(string agentId, DateTime at)
    {
        if (State != CallState.Ringing)
        {
            return CallChange.None;
        }
        State = CallState.Answered;
        AgentId = agentId;
        AnsweredAt = at;
        return Touch(at, CallChange.Answered);
    }

    /// <summary>The call is over. Never answered: it was missed.</summary>
    public CallChange End(string? agentId, DateTime at, int? durationSeconds, string? recordingUrl, string? voicemailUrl)
    {
        if (State == CallState.Ringing && agentId is not null && durationSeconds is > 0)
        {
            // The provider reported the end without the answer (some send only the final status): it was talked.
            State = CallState.Answered;
            AgentId = agentId;
            AnsweredAt = at.AddSeconds(-durationSeconds.Value);
        }
        if (State == CallState.Ringing)
        {
            return Miss(at, voicemailUrl);
        }
        if (State != CallState.Answered)
        {
            return CallChange.None;
        }
        State = CallState.Ended;
        AgentId ??= agentId;
        EndedAt = at;
        DurationSeconds = durationSeconds ?? (int)Math.Max(0, (at - (AnsweredAt ?? at)).TotalSeconds);
        RecordingUrl = recordingUrl;
        return Touch(at, CallChange.Ended);
    }

    public CallChange Miss(DateTime at, string? voicemailUrl)
    {
        if (State == CallState.Missed && VoicemailUrl is null && voicemailUrl is not null)
        {
            // The caller left a message after the miss was reported (Twilio's recording arrives later).
            VoicemailUrl = voicemailUrl;
            return Touch(at, CallChange.Voicemail);
        }
        if (State != CallState.Ringing)
        {
            return CallChange.None;
        }
        State = CallState.Missed;
        EndedAt = at;
        VoicemailUrl = voicemailUrl;
        return Touch(at, CallChange.Missed);
    }

    private CallChange Touch(DateTime at, CallChange change)
    {
        UpdatedAt = at;
        Version++;
        return change;
    }
}

internal sealed class PhoneCallConfiguration : IEntityTypeConfiguration<PhoneCall>
{
    public void Configure(EntityTypeBuilder<PhoneCall> b)
    {
        b.ToTable("phone_calls");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.CallId).HasMaxLength(128);
        b.HasIndex(x => x.CallId).IsUnique();
        b.Property(x => x.From).HasMaxLength(32);
        b.Property(x => x.To).HasMaxLength(32);
        b.Property(x => x.AgentId).HasMaxLength(64);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RecordingUrl).HasMaxLength(2000);
        b.Property(x => x.VoicemailUrl).HasMaxLength(2000);
        b.Property(x => x.Rang).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.CustomerId, x.StartedAt });
        b.HasIndex(x => x.StartedAt);
    }
}
