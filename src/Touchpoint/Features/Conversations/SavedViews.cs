using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Conversations;

/// <summary>
/// A named queue: a queue plus topic, channel and sort, as the queue page's URL holds them. Personal views belong to
/// their owner; shared ones (made by admins and service owners) are listed for everyone.
/// </summary>
public sealed class SavedView
{
    public Guid Id { get; init; }
    public required string Name { get; set; }

    /// <summary>Who made it; a personal view is listed only for them.</summary>
    public required string OwnerId { get; init; }
    public bool Shared { get; init; }
    public required string Queue { get; init; }
    public string? Topic { get; init; }
    public string? Channel { get; init; }
    public string? Sort { get; init; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.ToTable("saved_views");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(SavedViews.MaxNameChars);
        b.Property(x => x.OwnerId).HasMaxLength(64);
        b.Property(x => x.Queue).HasMaxLength(16);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.Sort).HasMaxLength(16);
        b.HasIndex(x => new { x.OwnerId, x.Shared });
        b.HasIndex(x => x.Shared);
    }
}

public sealed record SavedViewRequest(string? Name, string? Queue, string? Topic, string? Channel, string? Sort, bool? Shared);

public sealed record SavedViewResponse(Guid Id, string Name, bool Shared, bool Mine, string Queue, string? Topic, string? Channel, string? Sort, int Count, string Url);

public static class SavedViews
{
    public const int MaxNameChars = 60;
    public const int MaxPerPerson = 30;

    public static bool MayShare(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ServiceOwner);

    public static string? UserId(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    /// <summary>What the view shows, for this person (a shared "mine" view shows each reader their own).</summary>
    public static ConversationFilter Filter(SavedView view, string? userId)
    {
        ConversationSort.TryParse(view.Sort, out var sort);
        return Queues.Filter(view.Queue, userId) with
        {
            Topic = view.Topic,
            Channel = Wire.TryParse<Channel>(view.Channel, out var ch) ? ch : null,
            Sort = sort,
        };
    }

    public static string Url(SavedView v) =>
        "/conversations?" + string.Join("&", new[] { ("queue", v.Queue), ("topic", v.Topic), ("channel", v.Channel), ("sort", v.Sort), ("view", v.Id.ToString()) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    /// <summary>The views this person sees, shared ones first, each with its live count.</summary>
    public static async Task<IReadOnlyList<SavedViewResponse>> ListAsync(TouchpointDb db, string userId, CancellationToken ct)
    {
        var views = await db.Set<SavedView>().AsNoTracking().Where(v => v.Shared || v.OwnerId == userId).ToListAsync(ct);
        var list = new List<SavedViewResponse>(views.Count);
        foreach (var v in views.OrderByDescending(v => v.Shared).ThenBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase))
        {
            // A view is a queue with a filter: counted with the same filter, on the queues' indexes.
            var count = await db.Set<Conversation>().AsNoTracking().Apply(Filter(v, userId)).CountAsync(ct);
            list.Add(new SavedViewResponse(v.Id, v.Name, v.Shared, v.OwnerId == userId, v.Queue, v.Topic, v.Channel, v.Sort, count, Url(v)));
        }
        return list;
    }

    /// <summary>Checks a new view; the field errors name the request's members.</summary>
    public static async Task<Validation> CheckAsync(TouchpointDb db, TopicCatalog topics, SavedViewRequest? r, ClaimsPrincipal user, string userId, CancellationToken ct)
    {
        var v = new Validation();
        if (r is null)
        {
            return v.Add("body", Texts.Ui("Valid.JsonObject"));
        }
        var name = r.Name?.Trim() ?? "";
        v.Require(name.Length is >= 1 and <= MaxNameChars && !name.Any(char.IsControl), "name", Texts.Ui("Valid.Length", MaxNameChars));
        v.Require(r.Queue is null || Queues.All.Contains(r.Queue), "queue", Texts.Ui("Valid.Use", string.Join(", ", Queues.All)));
        v.Require(r.Topic is null || await topics.ExistsAsync(r.Topic, ct), "topic", Texts.Ui("Valid.UnknownTopicSee"));
        v.Require(r.Channel is null || Wire.TryParse<Channel>(r.Channel, out _), "channel", Texts.Ui("Valid.Conv.Channel", string.Join(", ", Wire.Names<Channel>())));
        v.Require(ConversationSort.TryParse(r.Sort, out _), "sort", Texts.Ui("Valid.Conv.Sort", string.Join(", ", ConversationSort.Fields)));
        var shared = r.Shared ?? false;
        v.Require(!shared || MayShare(user), "shared", Texts.Ui("Valid.View.SharedRole"));
        if (v.IsValid)
        {
            var taken = await db.Set<SavedView>().AsNoTracking()
                .Where(x => shared ? x.Shared : !x.Shared && x.OwnerId == userId).Select(x => x.Name).ToListAsync(ct);
            v.Require(!taken.Contains(name, StringComparer.CurrentCultureIgnoreCase), "name", Texts.Ui("Valid.View.NameTaken"));
            v.Require(shared || taken.Count < MaxPerPerson, "name", Texts.Ui("Valid.View.TooMany", MaxPerPerson));
        }
        return v;
    }

    public static async Task<SavedView> CreateAsync(TouchpointDb db, SavedViewRequest r, string userId, DateTime now, CancellationToken ct)
    {
        var view = new SavedView
        {
            Id = Ids.NewId(), Name = r.Name!.Trim(), OwnerId = userId, Shared = r.Shared ?? false, Queue = r.Queue ?? "open",
            Topic = r.Topic, Channel = r.Channel, Sort = string.IsNullOrWhiteSpace(r.Sort) ? null : r.Sort, CreatedAt = now,
        };
        db.Add(view);
        await db.SaveChangesAsync(ct);
        return view;
    }

    /// <summary>Whether this person may delete the view: their own, or a shared one when they may share.</summary>
    public static bool MayDelete(SavedView view, ClaimsPrincipal user, string userId) => view.Shared ? MayShare(user) : view.OwnerId == userId;

    public static RouteGroupBuilder MapSavedViews(this RouteGroupBuilder api)
    {
        api.MapGet("/views", GetAsync).WithName("ListSavedViews").WithSummary("The saved views of the person signed in (their own and the shared ones), with live counts.");
        api.MapPost("/views", PostAsync).RequireAuthorization(Policies.Staff).WithName("CreateSavedView")
            .WithSummary("Save a view: a name plus queue, topic, channel and sort. shared=true (admins and service owners) lists it for everyone.");
        api.MapDelete("/views/{id:guid}", DeleteAsync).WithName("DeleteSavedView").WithSummary("Delete a personal view, or a shared one (admins and service owners).");
        return api;
    }

    private static ProblemHttpResult PersonOnly() => Problems.Forbidden(Texts.Ui("Problem.View.PersonOnly"));

    private static async Task<Results<Ok<IReadOnlyList<SavedViewResponse>>, ProblemHttpResult>> GetAsync(TouchpointDb db, HttpContext http, CancellationToken ct) =>
        UserId(http.User) is { } userId ? TypedResults.Ok(await ListAsync(db, userId, ct)) : PersonOnly();

    private static async Task<Results<Created<SavedViewResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        [FromBody] SavedViewRequest? request, TouchpointDb db, TopicCatalog topics, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (UserId(http.User) is not { } userId)
        {
            return PersonOnly();
        }
        var v = await CheckAsync(db, topics, request, http.User, userId, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var view = await CreateAsync(db, request!, userId, time.GetUtcNow().UtcDateTime, ct);
        var count = await db.Set<Conversation>().AsNoTracking().Apply(Filter(view, userId)).CountAsync(ct);
        var body = new SavedViewResponse(view.Id, view.Name, view.Shared, true, view.Queue, view.Topic, view.Channel, view.Sort, count, Url(view));
        return TypedResults.Created($"/api/v1/conversations/views/{view.Id}", body);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        if (UserId(http.User) is not { } userId)
        {
            return PersonOnly();
        }
        var view = await db.Set<SavedView>().FirstOrDefaultAsync(v => v.Id == id && (v.Shared || v.OwnerId == userId), ct);
        if (view is null)
        {
            return Problems.NotFound(Texts.Ui("Problem.View.NotFound"));
        }
        if (!MayDelete(view, http.User, userId))
        {
            return Problems.Forbidden(Texts.Ui("Valid.View.SharedRole"));
        }
        db.Remove(view);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
