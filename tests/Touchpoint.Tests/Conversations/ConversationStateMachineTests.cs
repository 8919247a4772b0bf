using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Web;

namespace Touchpoint.Tests.Conversations;

/// <summary>The conversation's rules without a database: status moves, what reopens, the first reply, and the facts they leave.</summary>
public sealed class ConversationStateMachineTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static ConversationMessage Inbound(string text = "Where is my parcel?") =>
        new() { Type = MessageType.Inbound, AuthorKind = "customer", AuthorName = "Anna", Text = text, CreatedAt = Now };

    private static ConversationMessage Staff(MessageType type, string text = "On its way.") =>
        new() { Type = type, AuthorKind = "agent", AuthorName = "Ewa", Text = text, CreatedAt = Now };

    private static Conversation New() =>
        Conversation.Start(1042, Channel.Email, Guid.NewGuid(), "Where is my parcel?", "order_fulfilment", Priority.Normal, "pl", null, null, Inbound(), Now, "customer", acknowledge: true);

    private static Conversation At(ConversationStatus status)
    {
        var c = New();
        if (status != ConversationStatus.New)
        {
            c.ChangeStatus(status == ConversationStatus.Closed ? ConversationStatus.Resolved : status, Now, "t");
            if (status == ConversationStatus.Closed)
            {
                c.ChangeStatus(ConversationStatus.Closed, Now, "t");
            }
        }
        return c;
    }

    private static string[] Facts(Conversation c) => c.Facts.Select(f => f.Kind).ToArray();

    public static TheoryData<ConversationStatus, ConversationStatus> Moves()
    {
        var data = new TheoryData<ConversationStatus, ConversationStatus>();
        foreach (var from in Enum.GetValues<ConversationStatus>())
        {
            foreach (var to in Enum.GetValues<ConversationStatus>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void Every_status_move_is_allowed_or_refused_with_a_reason(ConversationStatus from, ConversationStatus to)
    {
        var c = At(from);
        var legal = from == to || from != ConversationStatus.Closed && to != ConversationStatus.New;
        if (legal)
        {
            c.ChangeStatus(to, Now, "t");
            Assert.Equal(to, c.Status);
        }
        else
        {
            var refused = Assert.Throws<DomainRuleException>(() => c.ChangeStatus(to, Now, "t"));
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
            Assert.Equal(from, c.Status);
        }
    }

    [Fact]
    public void A_new_conversation_records_its_creation_and_raises_one_event()
    {
        var c = New();
        Assert.Equal(ConversationStatus.New, c.Status);
        Assert.Equal(["created"], Facts(c));
        Assert.Equal(1, c.MessageCount);
        Assert.IsType<ConversationCreated>(Assert.Single(((EventSource)c).PendingEvents));
    }

    [Fact]
    public void The_first_public_reply_is_remembered_once_and_opens_a_new_conversation()
    {
        var c = New();
        c.AddStaffMessage(Staff(MessageType.Note), Now.AddMinutes(5), "agent");
        Assert.Null(c.FirstReplyAt);
        Assert.Equal(ConversationStatus.New, c.Status);
        c.AddStaffMessage(Staff(MessageType.Reply), Now.AddMinutes(10), "agent");
        c.AddStaffMessage(Staff(MessageType.Reply), Now.AddMinutes(20), "agent");
        Assert.Equal(Now.AddMinutes(10), c.FirstReplyAt);
        Assert.Equal(ConversationStatus.Open, c.Status);
        var first = c.Facts.Single(f => f.Kind == FactKinds.FirstReply);
        Assert.Equal(600, first.Seconds);
        Assert.Single(c.Facts, f => f.Kind == FactKinds.Reply);
    }

    [Fact]
    public void The_customer_writing_again_reopens_a_resolved_conversation_and_wakes_a_pending_one()
    {
        var resolved = At(ConversationStatus.Resolved);
        resolved.AddInbound(Inbound("Still not here."), Now.AddHours(1));
        Assert.Equal(ConversationStatus.Open, resolved.Status);
        Assert.Contains(FactKinds.Reopened, Facts(resolved));

        var pending = At(ConversationStatus.Pending);
        pending.AddInbound(Inbound("Here is the photo."), Now.AddHours(1));
        Assert.Equal(ConversationStatus.Open, pending.Status);
        Assert.DoesNotContain(FactKinds.Reopened, Facts(pending));
    }

    [Fact]
    public void Closed_is_final_for_messages_too()
    {
        var c = At(ConversationStatus.Closed);
        Assert.Throws<DomainRuleException>(() => c.AddInbound(Inbound(), Now));
        Assert.Throws<DomainRuleException>(() => c.AddStaffMessage(Staff(MessageType.Note), Now, "agent"));
        Assert.Equal(1, c.MessageCount);
    }

    [Fact]
    public void Resolving_and_reopening_by_hand_leave_facts()
    {
        var c = New();
        c.ChangeStatus(ConversationStatus.Resolved, Now, "agent");
        Assert.Equal(Now, c.ResolvedAt);
        c.ChangeStatus(ConversationStatus.Open, Now.AddHours(2), "agent");
        Assert.Null(c.ResolvedAt);
        c.ChangeStatus(ConversationStatus.Pending, Now.AddHours(3), "agent");
        Assert.Equal([FactKinds.Created, FactKinds.Resolved, FactKinds.Reopened], Facts(c).Where(f => f != FactKinds.StatusChanged));
    }

    [Fact]
    public void The_same_value_again_changes_nothing()
    {
        var c = New();
        var history = c.History.Count;
        c.ChangeStatus(ConversationStatus.New, Now, "t");
        c.ChangeTopic("order_fulfilment", Now, "t");
        c.ChangePriority(Priority.Normal, Now, "t");
        c.Assign(null, null, null, Now, "t");
        Assert.Equal(history, c.History.Count);
        var order = Guid.NewGuid();
        Assert.True(c.LinkOrder(order, "100367", Now, "t"));
        Assert.False(c.LinkOrder(order, "100367", Now, "t"));
        Assert.Equal(history + 1, c.History.Count);
    }

    [Fact]
    public void An_assignment_says_why_and_leaves_a_fact()
    {
        var c = New();
        c.Assign("user-1", "Ewa", null, Now, "system:routing", "skill returns/pl");
        Assert.Equal(("user-1", "skill returns/pl"), (c.AssigneeId, c.AssignmentReason));
        c.Assign("user-2", "Anna", "Ewa", Now, "user:owner");
        Assert.Equal(AssignmentReasons.ByHand, c.AssignmentReason);
        c.Assign(null, null, "Anna", Now, "user:owner");
        Assert.Equal(AssignmentReasons.Unassigned, c.AssignmentReason);
        Assert.Equal(3, c.Facts.Count(f => f.Kind == FactKinds.Assigned));
    }
    [Theory]
    [InlineData("Dziękujemy, przekazaliśmy sprawę do magazynu.", true)]
    [InlineData("Proszę przesłać zdjęcie paczki.", false)]
    [InlineData("Czy paczka dotarła?", false)]
    public void Pending_after_a_reply_that_asks_nothing_leaves_a_clock_gaming_fact(string reply, bool flagged)
    {
        var c = At(ConversationStatus.Open);
        c.AddStaffMessage(Staff(MessageType.Reply, reply), Now, "agent:ewa");
        c.SetPendingAfterReply(reply, Now, "agent:ewa");
        Assert.Equal(ConversationStatus.Pending, c.Status);
        Assert.Equal(flagged, Facts(c).Contains(FactKinds.PendingAsksNothing));
    }

    [Fact]
    public void Pending_when_already_pending_is_not_flagged_again()
    {
        var c = At(ConversationStatus.Pending);
        c.SetPendingAfterReply("Thanks, noted.", Now, "agent:ewa");
        Assert.DoesNotContain(FactKinds.PendingAsksNothing, Facts(c));
    }
}
