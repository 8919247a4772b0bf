using Touchpoint.Features.Channels.Phone;

namespace Touchpoint.Tests.Channels.Phone;

/// <summary>The call's state only moves forward; a repeated or late event changes nothing.</summary>
public sealed class PhoneCallTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static PhoneCall Ringing() => new() { CallId = "c1", From = "+48600100200", StartedAt = T0, UpdatedAt = T0 };

    [Fact]
    public void Answered_then_ended_is_a_talked_call_with_its_duration()
    {
        var call = Ringing();
        Assert.Equal(CallChange.Answered, call.Answer("u1", T0.AddSeconds(5)));
        Assert.Equal(CallChange.Ended, call.End(null, T0.AddSeconds(65), null, "https://rec.example/1.mp3", null));
        Assert.Equal(CallState.Ended, call.State);
        Assert.Equal(60, call.DurationSeconds);
        Assert.Equal("u1", call.AgentId);
        Assert.True(call.NeedsConversation);
    }

    [Fact]
    public void The_same_event_twice_and_late_events_change_nothing()
    {
        var call = Ringing();
        call.Answer("u1", T0.AddSeconds(5));
        Assert.Equal(CallChange.None, call.Answer("u2", T0.AddSeconds(6)));
        call.End(null, T0.AddSeconds(65), 60, null, null);
        Assert.Equal(CallChange.None, call.End(null, T0.AddSeconds(70), 65, null, null));
        Assert.Equal(CallChange.None, call.Miss(T0.AddSeconds(71), null));
        Assert.Equal("u1", call.AgentId);
        Assert.Equal(60, call.DurationSeconds);
    }

    [Fact]
    public void Ended_without_an_answer_is_missed_and_a_later_voicemail_joins_it_once()
    {
        var call = Ringing();
        Assert.Equal(CallChange.Missed, call.End(null, T0.AddSeconds(30), null, null, null));
        Assert.Equal(CallState.Missed, call.State);
        Assert.Equal(CallChange.Voicemail, call.Miss(T0.AddSeconds(90), "https://rec.example/vm.mp3"));
        Assert.Equal(CallChange.None, call.Miss(T0.AddSeconds(91), "https://rec.example/vm.mp3"));
        Assert.Equal(CallChange.None, call.Answer("u1", T0.AddSeconds(92)));
    }

    [Fact]
    public void An_end_with_agent_and_duration_but_no_answer_event_counts_as_talked()
    {
        var call = Ringing();
        Assert.Equal(CallChange.Ended, call.End("u1", T0.AddSeconds(100), 80, null, null));
        Assert.Equal(T0.AddSeconds(20), call.AnsweredAt);
    }

    [Fact]
    public void A_missed_call_lands_once_it_has_a_conversation()
    {
        var call = Ringing();
        call.Miss(T0.AddSeconds(30), null);
        Assert.True(call.NeedsConversation);
        call.ConversationNumber = 1042;
        Assert.False(call.NeedsConversation);
    }
}
