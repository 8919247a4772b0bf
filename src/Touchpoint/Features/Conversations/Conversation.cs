using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

using Touchpoint.Features.Knowledge;

namespace Touchpoint.Features.Conversations;

public enum ConversationStatus
{
    New,
    Open,
    Pending,
    Resolved,
    Closed,
}

public enum Channel
{
    Email,
    Web,
    Chat,
    Phone,
    Messenger,
    Review,
    Api,

    /// <summary>A task to call the customer back: a missed call or a callback request.</summary>
    Callback,
}

public enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum MessageType
{
    /// <summary>Written by the customer (or a phone call's record from their side).</summary>
    Inbound,

    /// <summary>A public answer that goes to the customer.</summary>
    Reply,

    /// <summary>Internal: only staff see it.</summary>
    Note,
}

/// <summary>The reasons routing and people give for an assignment; routing adds its own ("skill returns/pl").</summary>
public static class AssignmentReasons
{
    public const string ByHand = "by hand";
    public const string Unassigned = "returned to the queue";

    /// <summary>A phone conversation goes to the agent who talked to the customer.</summary>
    public const string AnsweredCall = "answered the call";

    public const string WaitingPrefix = "waiting: ";

    public static bool IsWaiting(string? reason) => reason?.StartsWith(WaitingPrefix, StringComparison.Ordinal) == true;
}

public sealed record ConversationCreated(Conversation Conversation, ConversationMessage FirstMessage, bool Acknowledge) : IDomainEvent;

public sealed record MessageAdded(Conversation Conversation, ConversationMessage Message) : IDomainEvent;

public sealed record ConversationStatusChanged(Conversation Conversation, ConversationStatus From, ConversationStatus To, string Actor) : IDomainEvent;

public sealed record ConversationAssigned(Conversation Conversation, string? FromUserId, string? ToUserId, string Actor) : IDomainEvent;

public sealed record ConversationPriorityChanged(Conversation Conversation, Priority From, Priority To, string Actor) : IDomainEvent;

public sealed record ConversationTopicChanged(Conversation Conversation, string From, string To, string Actor) : IDomainEvent;

/// <summary>
/// A customer's matter, on any channel. Status moves: a customer's message opens it again (resolved → open,
/// pending → open); closed is the end — later mail starts a follow-up. The first public reply by a person is
/// remembered once, for first-response time.
/// </summary>
public sealed class Conversation : EventSource
{
    private readonly List<ConversationMessage> _messages = [];
    private readonly List<ConversationHistoryEntry> _history = [];
    private readonly List<ConversationFact> _facts = [];
    private readonly List<ConversationOrder> _orders = [];

    private Conversation()
    {
    }

    public Guid Id { get; private init; } = Ids.NewId();

    /// <summary>What people say and write: <c>#1042</c>.</summary>
    public long Number { get; private init; }
    public Channel Channel { get; private init; }
    public string Topic { get; private set; } = Topics.Other;
    public ConversationStatus Status { get; private set; }
    public Priority Priority { get; private set; } = Priority.Normal;
    public string? AssigneeId { get; private set; }

    /// <summary>Why it is with its assignee, or why it waits ("account manager", "skill returns/pl", "on duty", "by hand", "waiting: everyone is full").</summary>
    public string? AssignmentReason { get; private set; }
    public Guid CustomerId { get; private set; }
    public string Subject { get; private set; } = "";
    public string Language { get; private set; } = "en";

    /// <summary>The mailbox the customer wrote to; replies go out from its address.</summary>
    public string? Mailbox { get; private init; }

    /// <summary>The conversation this one follows up (a customer wrote again after it was closed).</summary>
    public long? FollowUpOf { get; private init; }

    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime LastMessageAt { get; private set; }
    public DateTime? LastCustomerMessageAt { get; private set; }
    public DateTime? FirstReplyAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }

    /// <summary>The start of the last message, for queue lists that must not load messages.</summary>
    public string Preview { get; private set; } = "";
    public int MessageCount { get; private set; }

    /// <summary>The earliest due time of the SLA targets whose clocks run; null when none runs (paused, achieved, no policy).
    /// Written by the SLA feature; queues sort by it.</summary>
    public DateTime? SlaDueAt { get; private set; }

    /// <summary>The next moment the SLA sweeper has something to do here (a warning, a breach, a hard limit); null: nothing.</summary>
    public DateTime? SlaCheckAt { get; private set; }

    /// <summary>Each SLA target's clock as JSON (<see cref="ConversationSla"/>), owned by the SLA feature; plain data here.</summary>
    public string? SlaState { get; private set; }

    /// <summary>Optimistic concurrency: two agents changing one conversation never both win silently.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<ConversationMessage> Messages => _messages;
    public IReadOnlyList<ConversationHistoryEntry> History => _history;
    public IReadOnlyList<ConversationFact> Facts => _facts;
    public IReadOnlyList<ConversationOrder> Orders => _orders;

    public bool IsOpen => Status is ConversationStatus.New or ConversationStatus.Open or ConversationStatus.Pending;

    public static Conversation Start(long number, Channel channel, Guid customerId, string subject, string topic, Priority priority, string language,
        string? mailbox, long? followUpOf, ConversationMessage first, DateTime now, string actor, bool acknowledge)
    {
        var c = new Conversation
        {
            Number = number, Channel = channel, CustomerId = customerId, Subject = Clip(subject, 500), Topic = topic, Priority = priority,
            Language = language, Mailbox = mailbox, FollowUpOf = followUpOf, Status = ConversationStatus.New,
            CreatedAt = now, UpdatedAt = now, LastMessageAt = now,
        };
        c._history.Add(c.Entry("created", null, channel.ToWire(), actor, now));
        c._facts.Add(c.Fact(FactKinds.Created, now, null));
        c.Attach(first, now);
        c.Raise(new ConversationCreated(c, first, acknowledge));
        return c;
    }

    /// <summary>A message from the customer: reopens a resolved or pending conversation.</summary>
    public void AddInbound(ConversationMessage message, DateTime now)
    {
        if (Status == ConversationStatus.Closed)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Conv.ClosedFollowUp", Number));
        }
        Attach(message, now);
        if (Status is ConversationStatus.Resolved)
        {
            Move(ConversationStatus.Open, "customer", now, FactKinds.Reopened);
        }
        else if (Status is ConversationStatus.Pending)
        {
            Move(ConversationStatus.Open, "customer", now, null);
        }
        Raise(new MessageAdded(this, message));
    }

    /// <summary>A public reply or an internal note by a person (or the API).</summary>
    public void AddStaffMessage(ConversationMessage message, DateTime now, string actor)
    {
        if (Status == ConversationStatus.Closed)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Conv.ClosedNoMessages", Number));
        }
        Attach(message, now);
        if (message.Type == MessageType.Reply)
        {
            if (FirstReplyAt is null)
            {
                FirstReplyAt = now;
                _facts.Add(Fact(FactKinds.FirstReply, now, (long)(now - CreatedAt).TotalSeconds));
            }
            else
            {
                _facts.Add(Fact(FactKinds.Reply, now, LastCustomerMessageAt is { } asked ? (long)Math.Max(0, (now - asked).TotalSeconds) : null));
            }
            if (Status == ConversationStatus.New)
            {
                Move(ConversationStatus.Open, actor, now, null);
            }
        }
        Raise(new MessageAdded(this, message));
    }

    public void ChangeStatus(ConversationStatus to, DateTime now, string actor)
    {
        if (to == Status)
        {
            return;
        }
        if (Status == ConversationStatus.Closed)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Conv.ClosedStatus", Number));
        }
        if (to == ConversationStatus.New)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Conv.BackToNew"));
        }
        var fact = to == ConversationStatus.Resolved ? FactKinds.Resolved
            : Status is ConversationStatus.Resolved && to is ConversationStatus.Open or ConversationStatus.Pending ? FactKinds.Reopened
            : null;
        Move(to, actor, now, fact);
    }

    /// <summary>
    /// Moves to pending after the given latest staff reply; when that reply asks the customer nothing
    /// (<see cref="AsksNothingDetector"/>) the move is recorded as clock gaming.
    /// </summary>
    public void SetPendingAfterReply(string? lastReplyText, DateTime now, string actor)
    {
        var wasPending = Status == ConversationStatus.Pending;
        ChangeStatus(ConversationStatus.Pending, now, actor);
        if (!wasPending && AsksNothingDetector.IsClockGaming(lastReplyText, setPending: true))
        {
            _facts.Add(Fact(FactKinds.PendingAsksNothing, now, null, null, ConversationStatus.Pending));
        }
    }

    public void ChangeTopic(string topic, DateTime now, string actor)
    {
        if (topic == Topic)
        {
            return;
        }
        _history.Add(Entry("topic", Topic, topic, actor, now));
        var from = Topic;
        Topic = topic;
        Touch(now);
        Raise(new ConversationTopicChanged(this, from, topic, actor));
    }

    public void ChangePriority(Priority priority, DateTime now, string actor)
    {
        if (priority == Priority)
        {
            return;
        }
        _history.Add(Entry("priority", Priority.ToWire(), priority.ToWire(), actor, now));
        var from = Priority;
        Priority = priority;
        Touch(now);
        Raise(new ConversationPriorityChanged(this, from, priority, actor));
    }

    public void Assign(string? userId, string? userLabel, string? previousLabel, DateTime now, string actor, string? reason = null)
    {
        if (userId == AssigneeId)
        {
            AssignmentReason = reason ?? AssignmentReason;
            return;
        }
        AssignmentReason = reason ?? (userId is null ? AssignmentReasons.Unassigned : AssignmentReasons.ByHand);
        var from = AssigneeId;
        _history.Add(Entry("assignee", previousLabel, userLabel, actor, now));
        _facts.Add(Fact(FactKinds.Assigned, now, null));
        AssigneeId = userId;
        Touch(now);
        Raise(new ConversationAssigned(this, from, userId, actor));
    }

    public bool LinkOrder(Guid orderId, string orderNumber, DateTime now, string actor)
    {
        if (_orders.Any(o => o.OrderId == orderId))
        {
            return false;
        }
        _orders.Add(new ConversationOrder { ConversationId = Id, OrderId = orderId, OrderNumber = orderNumber, LinkedAt = now });
        _history.Add(Entry("order", null, orderNumber, actor, now));
        Touch(now);
        return true;
    }

    /// <summary>
    /// The SLA clocks as the SLA feature computed them. <paramref name="bump"/> is false when it runs inside a save that
    /// already changed the conversation (the version moved once for that change); the sweeper's own marks move the
    /// version, so an agent's concurrent save and the sweeper never both win silently.
    /// </summary>
    public void SetSla(string? state, DateTime? dueAt, DateTime? checkAt, DateTime now, bool bump)
    {
        if (state == SlaState && dueAt == SlaDueAt && checkAt == SlaCheckAt)
        {
            return;
        }
        SlaState = state;
        SlaDueAt = dueAt;
        SlaCheckAt = checkAt;
        if (bump)
        {
            Touch(now);
        }
    }

    /// <summary>The customer was merged into another one; the conversation follows.</summary>
    public void MoveToCustomer(Guid customerId, DateTime now, string actor)
    {
        if (customerId == CustomerId)
        {
            return;
        }
        _history.Add(Entry("customer", CustomerId.ToString(), customerId.ToString(), actor, now));
        CustomerId = customerId;
        Touch(now);
    }

    /// <summary>GDPR erasure of the customer: the subject and preview go (message texts are erased in bulk by the caller);
    /// status, times, counts and facts stay for statistics.</summary>
    public void EraseCustomerData(DateTime now, string actor)
    {
        Subject = "";
        Preview = "";
        _history.Add(Entry("erased", null, null, actor, now));
        Touch(now);
    }

    private void Attach(ConversationMessage message, DateTime now)
    {
        message.ConversationId = Id;
        _messages.Add(message);
        MessageCount++;
        LastMessageAt = now;
        if (message.Type == MessageType.Inbound)
        {
            LastCustomerMessageAt = now;
        }
        if (message.Type != MessageType.Note)
        {
            Preview = Clip(System.Text.RegularExpressions.Regex.Replace(message.Text, @"\s+", " ").Trim(), 200);
        }
        Touch(now);
    }

    private void Move(ConversationStatus to, string actor, DateTime now, string? factKind)
    {
        var from = Status;
        _history.Add(Entry("status", from.ToWire(), to.ToWire(), actor, now));
        _facts.Add(Fact(FactKinds.StatusChanged, now, null, from, to));
        if (factKind is not null)
        {
            _facts.Add(Fact(factKind, now, factKind == FactKinds.Resolved ? (long)(now - CreatedAt).TotalSeconds : null, from, to));
        }
        Status = to;
        ResolvedAt = to is ConversationStatus.Resolved or ConversationStatus.Closed ? ResolvedAt ?? now : null;
        if (ResolvedAt is not null && AssignmentReasons.IsWaiting(AssignmentReason))
        {
            // Nothing waits any more; a reopened conversation is routed again and gets a fresh reason.
            AssignmentReason = null;
        }
        Touch(now);
        Raise(new ConversationStatusChanged(this, from, to, actor));
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    private ConversationHistoryEntry Entry(string kind, string? from, string? to, string actor, DateTime now) =>
        new() { ConversationId = Id, Kind = kind, From = from, To = to, Actor = actor, At = now };

    private ConversationFact Fact(string kind, DateTime at, long? seconds, ConversationStatus? from = null, ConversationStatus? to = null) => new()
    {
        ConversationId = Id, Number = Number, Kind = kind, At = at, Channel = Channel, Topic = Topic, Priority = Priority,
        AssigneeId = AssigneeId, CustomerId = CustomerId, Seconds = seconds, FromStatus = from, ToStatus = to,
    };

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>One message of a conversation. Text is kept in full; <see cref="QuoteStart"/> marks where quoted history begins, for folding.</summary>
public sealed class ConversationMessage
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid ConversationId { get; set; }
    public MessageType Type { get; init; }

    /// <summary><c>customer</c>, <c>agent</c>, <c>system</c>, <c>api</c>.</summary>
    public required string AuthorKind { get; init; }
    public string? AuthorId { get; init; }
    public required string AuthorName { get; init; }

    public required string Text { get; init; }

    /// <summary>Sanitized before it is stored: safe to render.</summary>
    public string? Html { get; init; }

    /// <summary>Character index in <see cref="Text"/> where quoted earlier mail begins; null when none.</summary>
    public int? QuoteStart { get; init; }

    /// <summary>The internet Message-ID (without angle brackets) of the mail this message is or was sent as.</summary>
    public string? InternetMessageId { get; init; }

    /// <summary>A reply's copies, comma-separated addresses: Cc shown to every recipient, Bcc delivered unseen.</summary>
    public string? Cc { get; init; }
    public string? Bcc { get; init; }

    public DateTime CreatedAt { get; init; }
    public List<ConversationAttachment> Attachments { get; init; } = [];

    public string Direction => Type switch { MessageType.Inbound => "in", MessageType.Reply => "out", _ => "internal" };
}

/// <summary>A file of a message. Its bytes live in <see cref="AttachmentContent"/> so lists never load them.</summary>
public sealed class ConversationAttachment
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid MessageId { get; set; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }

    /// <summary>Set for inline images; the HTML refers to them as <c>cid:…</c>.</summary>
    public string? ContentId { get; init; }
    public bool Inline { get; init; }
    public AttachmentContent? Content { get; set; }
}

public sealed class AttachmentContent
{
    public Guid Id { get; init; }
    public required byte[] Bytes { get; init; }
}

public sealed class ConversationOrder
{
    public Guid ConversationId { get; init; }
    public Guid OrderId { get; init; }
    public required string OrderNumber { get; init; }
    public DateTime LinkedAt { get; init; }
}

/// <summary>One line of a conversation's history: who changed what, when.</summary>
public sealed class ConversationHistoryEntry
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid ConversationId { get; init; }
    public required string Kind { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public required string Actor { get; init; }
    public DateTime At { get; init; }
}

public static class FactKinds
{
    public const string Created = "created";
    public const string FirstReply = "first_reply";
    public const string Reply = "reply";
    public const string StatusChanged = "status_changed";
    public const string Resolved = "resolved";
    public const string Reopened = "reopened";
    public const string Assigned = "assigned";
    /// <summary>Clock gaming: a public reply that asks the customer nothing set the conversation to pending.</summary>
    public const string PendingAsksNothing = "pending_asks_nothing";
}

/// <summary>
/// Append-only: what happened to a conversation and when, with the dimensions reports group by, copied as they
/// were at that moment. SLA and quality reports read only this table, never the live conversations.
/// </summary>
public sealed class ConversationFact
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid ConversationId { get; init; }
    public long Number { get; init; }
    public required string Kind { get; init; }
    public DateTime At { get; init; }
    public Channel Channel { get; init; }
    public required string Topic { get; init; }
    public Priority Priority { get; init; }
    public string? AssigneeId { get; init; }
    public Guid CustomerId { get; init; }

    /// <summary>first_reply: seconds since created; reply: seconds since the customer's last message; resolved: seconds since created.</summary>
    public long? Seconds { get; init; }
    public ConversationStatus? FromStatus { get; init; }
    public ConversationStatus? ToStatus { get; init; }
}
