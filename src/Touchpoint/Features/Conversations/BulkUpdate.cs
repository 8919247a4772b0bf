using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Conversations;

/// <summary>What became of one conversation in a bulk change: <c>updated</c>, <c>unchanged</c> or <c>skipped</c> (with why).</summary>
public sealed record BulkItemResult(long Number, string Outcome, string? Reason = null, string? Detail = null)
{
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Skipped = "skipped";
}

public sealed record BulkResponse(int Updated, int Unchanged, int Skipped, IReadOnlyList<BulkItemResult> Results);

/// <summary>
/// One change (status, topic, priority, assignee) applied to many conversations, each through
/// <see cref="ConversationDesk.UpdateAsync"/> in its own scope: audited and evented exactly as a change made on the
/// conversation's page, and one refusal (a closed conversation, a rule, a concurrent edit) skips only that one.
/// </summary>
public sealed class BulkUpdate(IServiceScopeFactory scopes)
{
    public const int MaxNumbers = 100;

    /// <summary>Skip reasons, as the API names them.</summary>
    public static class Reasons
    {
        public const string NotFound = "not_found";
        public const string Closed = "closed";
        public const string Rule = "rule";
        public const string Conflict = "conflict";
        public const string Forbidden = "forbidden";
    }

    public async Task<BulkResponse> RunAsync(IReadOnlyList<long> numbers, ConversationDesk.Changes changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = Actors.Describe(user);
        var results = new List<BulkItemResult>(numbers.Count);
        foreach (var number in numbers.Distinct())
        {
            results.Add(await OneAsync(number, changes, user, actor, ct));
        }
        return new BulkResponse(results.Count(r => r.Outcome == BulkItemResult.Updated), results.Count(r => r.Outcome == BulkItemResult.Unchanged),
            results.Count(r => r.Outcome == BulkItemResult.Skipped), results);
    }

    private async Task<BulkItemResult> OneAsync(long number, ConversationDesk.Changes changes, ClaimsPrincipal user, string actor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var current = await db.Set<Conversation>().AsNoTracking().Where(c => c.Number == number)
            .Select(c => new { c.Status, c.Topic, c.Priority, c.AssigneeId }).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return new BulkItemResult(number, BulkItemResult.Skipped, Reasons.NotFound, Texts.Ui("Conv.NotFound", number));
        }
        // The same checks as the conversation's page: auditors change nothing, and a closed conversation is read-only.
        if (!Roles.WorksTheDesk(user))
        {
            return new BulkItemResult(number, BulkItemResult.Skipped, Reasons.Forbidden, Texts.Ui("Conv.Bulk.Forbidden"));
        }
        if (current.Status == ConversationStatus.Closed)
        {
            return new BulkItemResult(number, BulkItemResult.Skipped, Reasons.Closed, Texts.Ui("Problem.Conv.ClosedStatus", number));
        }
        var differs = (changes.Status is { } s && s != current.Status) || (changes.Topic is { } t && t != current.Topic)
            || (changes.Priority is { } p && p != current.Priority) || (changes.SetAssignee && changes.AssigneeId != current.AssigneeId);
        if (!differs)
        {
            return new BulkItemResult(number, BulkItemResult.Unchanged);
        }
        try
        {
            await scope.ServiceProvider.GetRequiredService<ConversationDesk>().UpdateAsync(number, changes, actor, ct);
            return new BulkItemResult(number, BulkItemResult.Updated);
        }
        catch (DomainRuleException ex)
        {
            return new BulkItemResult(number, BulkItemResult.Skipped, Reasons.Rule, ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new BulkItemResult(number, BulkItemResult.Skipped, Reasons.Conflict, Texts.Ui("Problem.ChangedMeanwhile"));
        }
    }
}

public static class BulkUpdateEndpoint
{
    private static readonly string[] SetFields = ["status", "topic", "priority", "assignee"];

    public static RouteGroupBuilder MapBulkUpdate(this RouteGroupBuilder api)
    {
        api.MapPost("/bulk", BulkAsync).RequireAuthorization(Policies.Desk).Accepts<BulkRequestSchema>("application/json")
            .WithName("BulkUpdateConversations")
            .WithSummary("Change status, topic, priority or assignee (email; null unassigns) of up to 100 conversations at once; answers what became of each number.");
        return api;
    }

    /// <summary>The request as the OpenAPI document shows it; the body is read by hand so that a null assignee (unassign) differs from none.</summary>
    public sealed record BulkRequestSchema(IReadOnlyList<long> Numbers, ConversationPatchSchema Set);

    private static async Task<Results<Ok<BulkResponse>, ValidationProblem>> BulkAsync(
        HttpRequest request, BulkUpdate bulk, TopicCatalog topics, StaffDirectory staff, HttpContext http, CancellationToken ct)
    {
        var v = new Validation();
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, JsonBodies.Strict, ct);
        }
        catch (JsonException ex)
        {
            return v.Add(JsonBodies.Field(ex), JsonBodies.Message(ex)).ToProblem();
        }
        if (body.ValueKind != JsonValueKind.Object)
        {
            return v.Add("body", Texts.Ui("Valid.JsonObject")).ToProblem();
        }
        var numbers = new List<long>();
        JsonElement set = default;
        foreach (var member in body.EnumerateObject())
        {
            switch (member.Name)
            {
                case "numbers" when member.Value.ValueKind == JsonValueKind.Array:
                    foreach (var n in member.Value.EnumerateArray())
                    {
                        if (n.ValueKind == JsonValueKind.Number && n.TryGetInt64(out var number) && number > 0) { numbers.Add(number); }
                        else { v.Add("numbers", Texts.Ui("Valid.Conv.Bulk.Numbers", BulkUpdate.MaxNumbers)); break; }
                    }
                    break;
                case "numbers":
                    v.Add("numbers", Texts.Ui("Valid.Conv.Bulk.Numbers", BulkUpdate.MaxNumbers));
                    break;
                case "set":
                    set = member.Value;
                    break;
                default:
                    v.Add(member.Name, Texts.Ui("Valid.UnknownField", "numbers, set"));
                    break;
            }
        }
        numbers = numbers.Distinct().ToList();
        v.Require(numbers.Count is >= 1 and <= BulkUpdate.MaxNumbers, "numbers", Texts.Ui("Valid.Conv.Bulk.Numbers", BulkUpdate.MaxNumbers));
        ConversationStatus? status = null;
        string? topic = null;
        Priority? priority = null;
        var setAssignee = false;
        string? assigneeId = null;
        if (set.ValueKind != JsonValueKind.Object || !set.EnumerateObject().Any())
        {
            v.Add("set", Texts.Ui("Valid.Conv.Bulk.Set", string.Join(", ", SetFields)));
        }
        else
        {
            foreach (var member in set.EnumerateObject())
            {
                var field = $"set.{member.Name}";
                var text = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null;
                switch (member.Name)
                {
                    case "status":
                        if (Wire.TryParse<ConversationStatus>(text, out var s) && s != ConversationStatus.New) { status = s; }
                        else { v.Add(field, Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<ConversationStatus>().Where(n => n != "new")))); }
                        break;
                    case "topic":
                        topic = text;
                        v.Require(text is not null && await topics.ExistsAsync(text, ct), field, Texts.Ui("Valid.UnknownTopicSee"));
                        break;
                    case "priority":
                        if (Wire.TryParse<Priority>(text, out var p)) { priority = p; }
                        else { v.Add(field, Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<Priority>()))); }
                        break;
                    case "assignee":
                        setAssignee = true;
                        if (member.Value.ValueKind == JsonValueKind.Null) { break; }
                        var person = text is null ? null : await staff.ByEmailAsync(text, ct);
                        if (person is { Active: true }) { assigneeId = person.Id; }
                        else { v.Add(field, Texts.Ui("Valid.Conv.Assignee")); }
                        break;
                    default:
                        v.Add(field, Texts.Ui("Valid.UnknownField", string.Join(", ", SetFields)));
                        break;
                }
            }
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await bulk.RunAsync(numbers, new ConversationDesk.Changes(status, topic, priority, setAssignee, assigneeId), http.User, ct));
    }
}
