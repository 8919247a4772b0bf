namespace Touchpoint.Features.Conversations;

public sealed record PersonRef(string Id, string Email, string Name);

public sealed record CustomerRef(Guid Id, string Email, string Name, string? Phone, string Language);

public sealed record ConversationSummary(
    long Number, string Subject, string Status, string Channel, string Topic, string Priority, PersonRef? Assignee, string? AssignmentReason, CustomerRef Customer,
    string Preview, int MessageCount, DateTime CreatedAt, DateTime LastMessageAt, DateTime? FirstReplyAt, DateTime? SlaDueAt = null,
    [property: System.Text.Json.Serialization.JsonIgnore] string? SlaState = null);

public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Items, int Page, int PageSize, bool HasMore);

public sealed record AttachmentResponse(Guid Id, string FileName, string ContentType, long Size, bool Inline, string? ContentId, string Url);

public sealed record MessageResponse(
    Guid Id, string Type, string Direction, string AuthorKind, string Author, string Text, string? Html, int? QuoteStart, string? MessageId,
    IReadOnlyList<AttachmentResponse> Attachments, DateTime CreatedAt, IReadOnlyList<string>? Cc = null, IReadOnlyList<string>? Bcc = null);

public sealed record LinkedOrder(string Number, string Status, bool Paid, string? Carrier, string? TrackingNumber, string TrackingUrl, DateTime PlacedAt, decimal Total, string Currency);

public sealed record HistoryResponse(string Kind, string? From, string? To, string Actor, DateTime At);

public sealed record ConversationResponse(
    long Number, string Subject, string Status, string Channel, string Topic, string Priority, PersonRef? Assignee, string? AssignmentReason, CustomerRef Customer,
    string Language, string? Mailbox, long? FollowUpOf, DateTime CreatedAt, DateTime UpdatedAt, DateTime LastMessageAt, DateTime? FirstReplyAt,
    DateTime? ResolvedAt, IReadOnlyList<LinkedOrder> Orders, IReadOnlyList<MessageResponse> Messages, IReadOnlyList<HistoryResponse> History,
    SlaResponse? Sla = null, ConversationCsat? Csat = null, long? RepeatOf = null);

public sealed record CreateConversationRequest
{
    public string? Channel { get; init; }
    public CustomerInput? Customer { get; init; }
    public string? Subject { get; init; }
    public string? Topic { get; init; }
    public string? Priority { get; init; }
    public string? Body { get; init; }
    public string? Html { get; init; }
    public IReadOnlyList<string>? Orders { get; init; }

    /// <summary>The caller's idempotency key: the same key twice answers the same conversation.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Send the customer the acknowledgement with the number (default true).</summary>
    public bool? Acknowledge { get; init; }
}

public sealed record CustomerInput
{
    public string? Email { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public string? Language { get; init; }
}

public sealed record PostMessageRequest
{
    public string? Type { get; init; }
    public string? Body { get; init; }

    /// <summary>Files, each with its bytes in base64 (optional).</summary>
    public IReadOnlyList<PostAttachment>? Attachments { get; init; }

    /// <summary>Copies of a reply: addresses (optional; replies only).</summary>
    public IReadOnlyList<string>? Cc { get; init; }
    public IReadOnlyList<string>? Bcc { get; init; }
}

public sealed record PostAttachment(string? FileName, string? ContentType, string? Content);

public sealed record CreatedConversation(long Number, bool Created, string Url);

/// <summary>The fields of PATCH /api/v1/conversations/{number}, for the OpenAPI document (read as a merge patch: what is left out stays; assignee null unassigns).</summary>
public sealed record ConversationPatchSchema(string? Status, string? Topic, string? Priority, string? Assignee);
