using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Customers;

public static class CustomersEndpoints
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/customers").WithTags("Customers").RequireAuthorization(Policies.Staff);
        api.MapGet("/", ListAsync).WithName("ListCustomers").WithSummary("Find customers by any email, any phone (E.164 or national), name/email text (q) or tag; names A-Z.");
        api.MapPost("/", CreateAsync).RequireAuthorization(Policies.Desk).Accepts<CustomerPatchSchema>("application/json").WithName("CreateCustomer").WithSummary("Create a customer: emails (the first is the primary), phones, name, language, tags, notes, accountManager (an agent's email), openness, confidence, styleNotes. 409 when an address belongs to another customer.");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetCustomer").WithSummary("The profile with notes, history, orders and conversations.");
        api.MapMethods("/{id:guid}", ["PATCH"], PatchAsync).RequireAuthorization(Policies.Desk).Accepts<CustomerPatchSchema>("application/merge-patch+json", "application/json").WithName("PatchCustomer").WithSummary("Change the fields sent; the others stay. Unknown fields are refused.");
        api.MapPost("/{id:guid}/notes", AddNoteAsync).RequireAuthorization(Policies.Desk).WithName("AddCustomerNote").WithSummary("Add a note to the customer's timeline.");
        api.MapPost("/{id:guid}/merge", MergeAsync).RequireAuthorization(Policies.Desk).WithName("MergeCustomers").WithSummary("Merge { \"duplicate\": id } into this customer: its emails, phones, tags, notes, orders and conversations move here; the duplicate is removed.");
        api.MapGet("/{id:guid}/export", ExportAsync).RequireAuthorization(Policies.ServiceOwner).WithName("ExportCustomer")
            .WithSummary("GDPR access request: everything stored about the customer as a JSON file (Admin or ServiceOwner).");
        api.MapPost("/{id:guid}/erase", EraseAsync).RequireAuthorization(Policies.ServiceOwner).WithName("EraseCustomer")
            .WithSummary("GDPR erasure: personal data in the profile, orders and conversations is anonymized; counts, statuses, times and facts stay (Admin or ServiceOwner).");
        return api;
    }

    private static string Language => Languages.Current;

    private static async Task<Results<Ok<CustomerPage>, ValidationProblem>> ListAsync(
        TouchpointDb db, AccountManagers managers, CustomerDesk desk, CancellationToken ct,
        string? email = null, string? phone = null, string? q = null, string? tag = null, int page = 1, int pageSize = 50)
    {
        var v = new Validation()
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 200, "pageSize", Texts.Ui("Valid.Between", 1, 200))
            .Require(email is null || CustomerRules.IsEmail(email), "email", Texts.Ui("Valid.NotEmail"))
            .Require((q?.Length ?? 0) <= 200, "q", Texts.Ui("Valid.MaxChars", 200));
        string? e164 = null;
        if (phone is not null)
        {
            e164 = CustomerRules.ToE164(phone, desk.Region);
            v.Require(e164 is not null, "phone", Texts.Ui("Valid.Customers.PhoneFilter", desk.Region));
        }
        string? normalizedTag = null;
        if (tag is not null)
        {
            normalizedTag = CustomerRules.NormalizeTag(tag);
            v.Require(normalizedTag is not null, "tag", Texts.Ui("Valid.Customers.TagFilter"));
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await CustomerQueries.ListAsync(db, managers, new CustomerFilter(email, e164, q, normalizedTag), page, pageSize, ct));
    }

    private static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetAsync(
        Guid id, TouchpointDb db, AccountManagers managers, IEnumerable<ICustomerRecords> sources, CancellationToken ct)
    {
        var response = await CustomerQueries.LoadAsync(db, managers, sources, id, Language, ct);
        return response is null ? NotFound(id) : TypedResults.Ok(response);
    }

    private static async Task<Results<Created<CustomerResponse>, ValidationProblem>> CreateAsync(
        HttpRequest request, CustomerDesk desk, TouchpointDb db, AccountManagers managers, IEnumerable<ICustomerRecords> sources, HttpContext http, CancellationToken ct)
    {
        var (draft, v) = await ReadDraftAsync(request, ct);
        if (draft is null)
        {
            return v.ToProblem();
        }
        v.Require(draft.Emails is not null, "emails", Texts.Ui("Valid.Customers.EmailsRequired"));
        var (changes, managerId) = await desk.CheckAsync(draft, v, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var customer = await desk.CreateAsync(changes, managerId, Actors.Describe(http.User), ct);
        var response = await CustomerQueries.ToResponseAsync(customer, managers, sources, Language, ct);
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", response);
    }

    private static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        Guid id, HttpRequest request, CustomerDesk desk, AccountManagers managers, IEnumerable<ICustomerRecords> sources, HttpContext http, CancellationToken ct)
    {
        var (draft, v) = await ReadDraftAsync(request, ct);
        if (draft is null)
        {
            return v.ToProblem();
        }
        var (changes, managerId) = await desk.CheckAsync(draft, v, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var customer = await desk.UpdateAsync(id, changes, managerId, Actors.Describe(http.User), ct);
        return customer is null ? NotFound(id) : TypedResults.Ok(await CustomerQueries.ToResponseAsync(customer, managers, sources, Language, ct));
    }

    private static async Task<Results<Created<NoteResponse>, ValidationProblem, ProblemHttpResult>> AddNoteAsync(
        Guid id, [FromBody] AddNoteRequest? request, CustomerDesk desk, HttpContext http, CancellationToken ct)
    {
        var v = new Validation()
            .Require(!string.IsNullOrWhiteSpace(request?.Text), "text", Texts.Ui("Valid.Customers.Note"))
            .Require((request?.Text?.Length ?? 0) <= CustomerRules.MaxNoteChars, "text", Texts.Ui("Valid.MaxChars", CustomerRules.MaxNoteChars));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var note = await desk.AddNoteAsync(id, request!.Text!, Actors.Describe(http.User), ct);
        return note is null
            ? NotFound(id)
            : TypedResults.Created($"/api/v1/customers/{id}", new NoteResponse(note.Id, note.Text, note.Author, note.CreatedAt));
    }

    private static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> MergeAsync(
        Guid id, [FromBody] MergeRequest? request, CustomerDesk desk, AccountManagers managers, IEnumerable<ICustomerRecords> sources, HttpContext http, CancellationToken ct)
    {
        if (!Guid.TryParse(request?.Duplicate, out var duplicate))
        {
            return Problems.Invalid("duplicate", Texts.Ui("Valid.Customers.Duplicate"));
        }
        if (duplicate == id)
        {
            return Problems.Invalid("duplicate", Texts.Ui("Problem.Customers.MergeSelf"));
        }
        var survivor = await desk.MergeAsync(id, duplicate, Actors.Describe(http.User), ct);
        return survivor is null
            ? Problems.NotFound(Texts.Ui("Problem.Customers.NotFoundEither", id, duplicate))
            : TypedResults.Ok(await CustomerQueries.ToResponseAsync(survivor, managers, sources, Language, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, CustomerDesk desk, CancellationToken ct)
    {
        var json = await desk.ExportAsync(id, Language, ct);
        return json is null ? NotFound(id) : TypedResults.File(json, "application/json", $"customer-{id}.json");
    }

    private static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> EraseAsync(
        Guid id, CustomerDesk desk, AccountManagers managers, IEnumerable<ICustomerRecords> sources, HttpContext http, CancellationToken ct)
    {
        var customer = await desk.EraseAsync(id, Actors.Describe(http.User), ct);
        return customer is null ? NotFound(id) : TypedResults.Ok(await CustomerQueries.ToResponseAsync(customer, managers, sources, Language, ct));
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound(Texts.Ui("Problem.Customers.NotFound", id));

    private static readonly string[] DraftFields =
        ["name", "language", "notes", "styleNotes", "openness", "confidence", "emails", "phones", "tags", "accountManager"];

    /// <summary>Reads the body as a merge patch, so a PATCH changes only what was sent and unknown fields are refused.</summary>
    private static async Task<(CustomerDraft? Draft, Validation Validation)> ReadDraftAsync(HttpRequest request, CancellationToken ct)
    {
        var (patch, v) = await MergePatch.ReadAsync(request, DraftFields, ct);
        if (patch is null)
        {
            return (null, v);
        }
        var draft = new CustomerDraft();
        foreach (var name in patch.Names)
        {
            draft = name switch
            {
                "name" => draft with { Name = patch.ReadText(name, v) },
                "language" => draft with { Language = patch.ReadText(name, v) },
                "notes" => draft with { Notes = patch.ReadText(name, v, nullAsEmpty: true) },
                "styleNotes" => draft with { StyleNotes = patch.ReadText(name, v, nullAsEmpty: true) },
                "openness" => draft with { Openness = patch.ReadText(name, v) },
                "confidence" => draft with { Confidence = patch.ReadText(name, v) },
                "emails" => draft with { Emails = patch.ReadTexts(name, v) },
                "phones" => draft with { Phones = patch.ReadTexts(name, v, nullAsEmpty: true) },
                "tags" => draft with { Tags = patch.ReadTexts(name, v, nullAsEmpty: true) },
                _ => draft with { SetAccountManager = true, AccountManager = patch.IsNull(name) ? null : patch.ReadText(name, v) },
            };
        }
        return v.IsValid ? (draft, v) : (null, v);
    }
}
