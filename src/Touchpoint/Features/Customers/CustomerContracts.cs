namespace Touchpoint.Features.Customers;

public sealed record AccountManagerRef(string Email, string Name, bool Active);

public sealed record StyleResponse(string Openness, string Confidence, string Notes, string Approach);

public sealed record NoteResponse(Guid Id, string Text, string Author, DateTime At);

public sealed record CustomerHistoryResponse(string Kind, string? From, string? To, string Actor, DateTime At);

public sealed record CustomerResponse(
    Guid Id, string Name, string Email, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, string Language, IReadOnlyList<string> Tags,
    string Notes, AccountManagerRef? AccountManager, StyleResponse Style, bool Erased, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<NoteResponse> Timeline, IReadOnlyList<CustomerHistoryResponse> History,
    IReadOnlyList<CustomerRecord> Orders, IReadOnlyList<CustomerRecord> Conversations);

public sealed record CustomerSummary(
    Guid Id, string Name, string Email, string? Phone, string Language, IReadOnlyList<string> Tags, string? AccountManager, bool Erased, DateTime CreatedAt);

public sealed record CustomerPage(IReadOnlyList<CustomerSummary> Items, int Page, int PageSize, bool HasMore);

public sealed record AddNoteRequest(string? Text);

public sealed record MergeRequest(string? Duplicate);

/// <summary>
/// The fields of POST and PATCH /api/v1/customers, for the OpenAPI document (the endpoints read the body as a merge
/// patch: a field left out stays; null clears notes, styleNotes, phones and tags and removes the account manager).
/// </summary>
public sealed record CustomerPatchSchema(
    string? Name, IReadOnlyList<string>? Emails, IReadOnlyList<string>? Phones, string? Language, IReadOnlyList<string>? Tags, string? Notes,
    string? AccountManager, string? Openness, string? Confidence, string? StyleNotes);
