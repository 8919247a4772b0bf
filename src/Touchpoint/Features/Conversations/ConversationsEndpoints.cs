using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

using Touchpoint.Features.Knowledge;

namespace Touchpoint.Features.Conversations;

public static class ConversationsEndpoints
{
    public const int MaxBodyChars = 100_000;

    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization(Policies.Staff);
        api.MapGet("/", ListAsync).WithName("ListConversations").WithSummary("A queue: filter by status (comma-separated), topic, channel, assignee (email or none), customer email; latest activity first, or sort by number, subject, customer, status, priority, due or updated (a leading - for descending, e.g. sort=-priority).");
        api.MapPost("/", CreateAsync).RequireAuthorization(Policies.Desk).WithName("CreateConversation").WithSummary("Create a conversation from an outside source. The same externalId twice answers the same number.");
        api.MapGet("/{number:long}", GetAsync).WithName("GetConversation").WithSummary("A conversation with its customer, linked orders, messages and history.");
        api.MapPost("/{number:long}/messages", PostMessageAsync).RequireAuthorization(Policies.Desk).WithName("PostConversationMessage").WithSummary("A public reply (mailed to the customer) or an internal note.");
        api.MapMethods("/{number:long}", ["PATCH"], PatchAsync).RequireAuthorization(Policies.Desk).Accepts<ConversationPatchSchema>("application/merge-patch+json", "application/json").WithName("PatchConversation").WithSummary("Change status, topic, priority or assignee (email; null unassigns).");
        api.MapGet("/{number:long}/attachments/{id:guid}", AttachmentAsync).WithName("GetConversationAttachment").WithSummary("Download an attachment.");
        return api;
    }

    private static async Task<Results<Ok<ConversationPage>, ValidationProblem>> ListAsync(
        TouchpointDb db, StaffDirectory staff, TopicCatalog topics, CancellationToken ct,
        string? status = null, string? topic = null, string? channel = null, string? assignee = null, string? customer = null, int page = 1, int pageSize = 50, string? sort = null)
    {
        var v = new Validation()
            .Require(sort is "activity" || ConversationSort.TryParse(sort, out _), "sort", Texts.Ui("Valid.Conv.Sort", string.Join(", ", ConversationSort.Fields)))
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 200, "pageSize", Texts.Ui("Valid.Between", 1, 200));
        var statuses = new List<ConversationStatus>();
        foreach (var s in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Wire.TryParse<ConversationStatus>(s, out var parsed)) { statuses.Add(parsed); }
            else { v.Add("status", Texts.Ui("Valid.UnknownStatus", s, string.Join(", ", Wire.Names<ConversationStatus>()))); }
        }
        Channel? channelValue = null;
        if (channel is not null)
        {
            if (Wire.TryParse<Channel>(channel, out var c)) { channelValue = c; }
            else { v.Add("channel", Texts.Ui("Valid.Conv.Channel", string.Join(", ", Wire.Names<Channel>()))); }
        }
        v.Require(topic is null || (await topics.AllAsync(ct)).Any(t => t.Key == topic), "topic", Texts.Ui("Valid.UnknownTopic"));
        string? assigneeId = null;
        if (assignee is not null && assignee != "none")
        {
            assigneeId = (await staff.ByEmailAsync(assignee, ct))?.Id;
            v.Require(assigneeId is not null, "assignee", Texts.Ui("Valid.Conv.AssigneeFilter"));
        }
        Guid? customerId = null;
        if (customer is not null)
        {
            var email = CustomerDirectory.NormalizeEmail(customer);
            customerId = await db.Set<Customer>().AsNoTracking().Where(c => c.Email == email).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) ?? Guid.Empty;
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var filter = new ConversationFilter
        {
            Statuses = statuses, Topic = topic, Channel = channelValue, Unassigned = assignee == "none", AssigneeId = assigneeId, CustomerId = customerId,
            Sort = sort is "activity" ? null : ConversationSort.TryParse(sort, out var chosen) ? chosen : null,
        };
        return TypedResults.Ok(await ConversationQueries.ListAsync(db, staff, filter, page, pageSize, ct));
    }

    private static async Task<Results<Ok<ConversationResponse>, ProblemHttpResult>> GetAsync(
        long number, TouchpointDb db, StaffDirectory staff, IOptions<OrdersOptions> orders, TimeProvider time, IEnumerable<IConversationFacets> facets, CancellationToken ct)
    {
        var response = await ConversationQueries.LoadAsync(db, staff, orders.Value, number, includeNotes: true, time.GetUtcNow().UtcDateTime, ct);
        if (response is null)
        {
            return Problems.NotFound(Texts.Ui("Conv.NotFound", number));
        }
        var extra = await ConversationFacetsOf.CollectAsync(facets, number, ct);
        return TypedResults.Ok(response with { Csat = extra.Csat, RepeatOf = extra.RepeatOf });
    }

    private static async Task<Results<Created<CreatedConversation>, Ok<CreatedConversation>, ValidationProblem>> CreateAsync(
        [FromBody] CreateConversationRequest? request, ConversationDesk desk, TopicCatalog topics, HttpContext http, CancellationToken ct)
    {
        var v = new Validation();
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.JsonObject")).ToProblem();
        }
        var channel = Channel.Api;
        v.Require(request.Channel is null || Wire.TryParse(request.Channel, out channel), "channel", Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<Channel>())));
        var priority = Priority.Normal;
        v.Require(request.Priority is null || Wire.TryParse(request.Priority, out priority), "priority", Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<Priority>())));
        v.Require(request.Topic is null || await topics.ExistsAsync(request.Topic, ct), "topic", Texts.Ui("Valid.UnknownTopicSee"));
        ValidateCustomer(v, request.Customer, "customer");
        v.Require(!string.IsNullOrWhiteSpace(request.Body) || !string.IsNullOrWhiteSpace(request.Html), "body", Texts.Ui("Valid.Conv.Body"));
        v.Require((request.Body?.Length ?? 0) <= MaxBodyChars && (request.Html?.Length ?? 0) <= MaxBodyChars * 2, "body", Texts.Ui("Valid.MaxChars", MaxBodyChars));
        v.Require((request.Subject?.Length ?? 0) <= 500, "subject", Texts.Ui("Valid.MaxChars", 500));
        v.Require(request.ExternalId is null || request.ExternalId.Length is >= 1 and <= 200, "externalId", Texts.Ui("Valid.Length", 200));
        v.Require((request.Orders?.Count ?? 0) <= 20, "orders", Texts.Ui("Valid.Conv.Orders"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var text = string.IsNullOrWhiteSpace(request.Body) ? InboundText.FromHtml(request.Html!) : request.Body!.Trim();
        var landed = await desk.ReceiveAsync(new Inbound
        {
            Source = "api", Key = request.ExternalId, Channel = channel,
            Email = request.Customer!.Email!, Name = request.Customer.Name?.Trim(), Phone = request.Customer.Phone?.Trim(),
            DefaultLanguage = Languages.Normalize(request.Customer.Language),
            Subject = string.IsNullOrWhiteSpace(request.Subject) ? InboundText.SubjectFrom(text) : request.Subject.Trim(),
            Topic = request.Topic, Priority = priority,
            Message = new NewMessage(text, request.Html),
            OrderNumbers = request.Orders ?? [],
            Acknowledge = request.Acknowledge ?? true,
            Actor = Actors.Describe(http.User),
        }, ct);
        var body = new CreatedConversation(landed.Number, landed.Created, $"/api/v1/conversations/{landed.Number}");
        return landed.Created ? TypedResults.Created(body.Url, body) : TypedResults.Ok(body);
    }

    public static void ValidateCustomer(Validation v, CustomerInput? customer, string prefix)
    {
        v.Require(customer is not null, prefix, Texts.Ui("Valid.Conv.Customer"));
        if (customer is null)
        {
            return;
        }
        v.Require(InboundText.IsEmail(customer.Email), $"{prefix}.email", Texts.Ui("Valid.Email"));
        v.Require((customer.Name?.Length ?? 0) <= 200, $"{prefix}.name", Texts.Ui("Valid.MaxChars", 200));
        v.Require(customer.Phone is null || customer.Phone.Length <= 32, $"{prefix}.phone", Texts.Ui("Valid.MaxChars", 32));
        v.Require(customer.Language is null || Languages.Supported.Contains(customer.Language), $"{prefix}.language", Texts.Ui("Valid.LanguageUse"));
    }

    private static async Task<Results<Created<MessageResponse>, ValidationProblem, ProblemHttpResult>> PostMessageAsync(
        long number, [FromBody] PostMessageRequest? request, PostStaffMessage post, HttpContext http, CancellationToken ct)
    {
        var v = new Validation();
        var type = MessageType.Reply;
        v.Require(request?.Type is "reply" or "note" && Wire.TryParse(request.Type, out type), "type", Texts.Ui("Valid.Conv.Type"));
        var files = new List<NewAttachment>();
        foreach (var (file, i) in (request?.Attachments ?? []).Select((f, i) => (f, i)))
        {
            var bytes = Base64(file?.Content);
            v.Require(!string.IsNullOrWhiteSpace(file?.FileName) && file.FileName.Length <= 255, $"attachments[{i}].fileName", Texts.Ui("Valid.Required"));
            v.Require(bytes is not null, $"attachments[{i}].content", Texts.Ui("Valid.Conv.AttachmentBase64"));
            var contentType = string.IsNullOrWhiteSpace(file?.ContentType) ? "application/octet-stream" : file.ContentType.Trim();
            v.Require(MimeKit.ContentType.TryParse(contentType, out _) && contentType.Length <= 255, $"attachments[{i}].contentType", Texts.Ui("Valid.Conv.AttachmentType"));
            files.Add(new NewAttachment(file?.FileName ?? "", contentType, bytes ?? []));
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var (message, result) = await post.ExecuteAsync(
            new PostStaffMessage.Request(number, type, request!.Body ?? "", files, request.Cc ?? [], request.Bcc ?? []), ClaimsIdentityInfo.From(http.User), ct);
        if (!result.IsValid)
        {
            return result.ToProblem();
        }
        return message is null
            ? Problems.NotFound(Texts.Ui("Conv.NotFound", number))
            : TypedResults.Created($"/api/v1/conversations/{number}", ConversationQueries.ToResponse(number, message));
    }

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static readonly string[] PatchFields = ["status", "topic", "priority", "assignee"];

    private static async Task<Results<Ok<ConversationResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        long number, HttpRequest request, ConversationDesk desk, TopicCatalog topics, StaffDirectory staff, TouchpointDb db, IOptions<OrdersOptions> orders,
        HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var (patch, v) = await MergePatch.ReadAsync(request, PatchFields, ct);
        if (patch is null)
        {
            return v.ToProblem();
        }
        ConversationStatus? status = null;
        string? topic = null;
        Priority? priority = null;
        var setAssignee = false;
        string? assigneeId = null;
        foreach (var name in patch.Names)
        {
            var value = patch.IsNull(name) ? null : patch.ReadText(name, new Validation());
            switch (name)
            {
                case "status":
                    if (Wire.TryParse<ConversationStatus>(value, out var s)) { status = s; }
                    else { v.Add("status", Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<ConversationStatus>()))); }
                    break;
                case "topic":
                    topic = value;
                    v.Require(topic is not null && await topics.ExistsAsync(topic, ct), "topic", Texts.Ui("Valid.UnknownTopicSee"));
                    break;
                case "priority":
                    if (Wire.TryParse<Priority>(value, out var pr)) { priority = pr; }
                    else { v.Add("priority", Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<Priority>()))); }
                    break;
                default:
                    setAssignee = true;
                    if (patch.IsNull(name)) { break; }
                    var member = value is null ? null : await staff.ByEmailAsync(value, ct);
                    if (member is { Active: true }) { assigneeId = member.Id; }
                    else { v.Add("assignee", Texts.Ui("Valid.Conv.Assignee")); }
                    break;
            }
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var updated = await desk.UpdateAsync(number, new ConversationDesk.Changes(status, topic, priority, setAssignee, assigneeId), Actors.Describe(http.User), ct);
        if (updated is null)
        {
            return Problems.NotFound(Texts.Ui("Conv.NotFound", number));
        }
        return TypedResults.Ok((await ConversationQueries.LoadAsync(db, staff, orders.Value, number, includeNotes: true, time.GetUtcNow().UtcDateTime, ct))!);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AttachmentAsync(long number, Guid id, TouchpointDb db, CancellationToken ct)
    {
        var found = await db.Set<ConversationAttachment>().AsNoTracking()
            .Where(a => a.Id == id)
            .Join(db.Set<ConversationMessage>(), a => a.MessageId, m => m.Id, (a, m) => new { a, m.ConversationId })
            .Join(db.Set<Conversation>(), x => x.ConversationId, c => c.Id, (x, c) => new { x.a.FileName, x.a.ContentType, c.Number, Bytes = x.a.Content!.Bytes })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.Number != number)
        {
            return Problems.NotFound(Texts.Ui("Problem.Conv.NoAttachment"));
        }
        // Served as a download with a neutral type unless it is an image: an attached HTML file must never run in our origin.
        var inlineSafe = found.ContentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";
        return TypedResults.File(found.Bytes, inlineSafe ? found.ContentType : "application/octet-stream", inlineSafe ? null : found.FileName);
    }
}
