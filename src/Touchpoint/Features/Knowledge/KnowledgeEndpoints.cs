using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

public static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var topics = app.MapGroup("/api/v1/topics").WithTags("Knowledge");
        topics.MapGet("/", async (TopicCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok((await catalog.AllAsync(ct)).Select(TopicResponse.From)))
            .WithName("ListTopics").WithSummary("The topics (reasons for contact) with their names in en, ru and pl.")
            .RequireAuthorization(Policies.Staff);
        topics.MapPut("/{key}", SaveTopicAsync)
            .WithName("SaveTopic").WithSummary("Create a topic (key: lower-case snake case) or rename, reorder (position) or deactivate it.")
            .RequireAuthorization(Policies.ServiceOwner);

        var procedures = app.MapGroup("/api/v1/procedures").WithTags("Knowledge");
        procedures.MapGet("/{topic}", GetProcedureAsync)
            .WithName("GetProcedure").WithSummary("What to do for a topic: title, Markdown and sanitized HTML, in the language asked (English when there is none in it).")
            .RequireAuthorization(Policies.Staff);
        procedures.MapPut("/{topic}/{language}", SaveProcedureAsync)
            .WithName("SaveProcedure").WithSummary("Replace the procedure for a topic in one language (Markdown).")
            .RequireAuthorization(Policies.ServiceOwner);

        var canned = app.MapGroup("/api/v1/canned-replies").WithTags("Knowledge");
        canned.MapGet("/", ListCannedAsync)
            .WithName("ListCannedReplies").WithSummary("Active canned replies; filter by language and topic (a topic's replies first, then general ones). includeInactive=true lists all.")
            .RequireAuthorization(Policies.Staff);
        canned.MapPost("/", CreateCannedAsync).WithName("CreateCannedReply").WithSummary("A new canned reply (body: Liquid with {{ customer.name }}, {{ order.number }} …).")
            .RequireAuthorization(Policies.ServiceOwner);
        canned.MapPut("/{id:guid}", UpdateCannedAsync).WithName("UpdateCannedReply").WithSummary("Replace a canned reply.")
            .RequireAuthorization(Policies.ServiceOwner);
        canned.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, CannedReplies replies, CancellationToken ct) =>
                await replies.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoReply", id)))
            .WithName("DeleteCannedReply").WithSummary("Delete a canned reply.")
            .RequireAuthorization(Policies.ServiceOwner);

        var help = app.MapGroup("/api/v1/help/articles").WithTags("Knowledge");
        help.MapGet("/", async (HelpArticles articles, CancellationToken ct, string? language = null) =>
                TypedResults.Ok(await articles.ListAsync(language is null ? null : Languages.Normalize(language), ct)))
            .WithName("ListHelpArticles").WithSummary("Help-centre articles (published or not), optionally of one language.")
            .RequireAuthorization(Policies.Staff);
        help.MapGet("/{language}/{slug}", async Task<Results<Ok<HelpArticleResponse>, ProblemHttpResult>> (string language, string slug, HelpArticles articles, CancellationToken ct) =>
                await articles.GetAsync(language, slug, ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoArticle", slug, language)))
            .WithName("GetHelpArticle").WithSummary("One help-centre article with its Markdown.")
            .RequireAuthorization(Policies.Staff);
        help.MapPut("/{language}/{slug}", SaveArticleAsync)
            .WithName("SaveHelpArticle").WithSummary("Create or replace an article (Markdown; topic as category; published; position).")
            .RequireAuthorization(Policies.ServiceOwner);
        help.MapDelete("/{language}/{slug}", async Task<Results<NoContent, ProblemHttpResult>> (string language, string slug, HelpArticles articles, CancellationToken ct) =>
                await articles.DeleteAsync(language, slug, ct) ? TypedResults.NoContent() : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoArticle", slug, language)))
            .WithName("DeleteHelpArticle").WithSummary("Delete an article in one language.")
            .RequireAuthorization(Policies.ServiceOwner);
        return app;
    }

    private static async Task<Results<Created<TopicResponse>, Ok<TopicResponse>, ValidationProblem>> SaveTopicAsync(
        string key, [FromBody] TopicRequest? request, TopicAdmin admin, CancellationToken ct)
    {
        var v = TopicAdmin.Validate(key, request);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var (topic, created) = await admin.SaveAsync(key, request!, ct);
        var body = TopicResponse.From(topic);
        return created ? TypedResults.Created($"/api/v1/topics/{key}", body) : TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<Procedure>, ValidationProblem, ProblemHttpResult>> GetProcedureAsync(
        string topic, ProcedureBook book, CancellationToken ct, string? language = null)
    {
        if (language is not null && !Languages.Supported.Contains(language))
        {
            return Problems.Invalid("language", Texts.Ui("Valid.LanguageUse"));
        }
        return await book.ForTopicAsync(topic, language ?? "en", ct) is { } procedure
            ? TypedResults.Ok(procedure)
            : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoProcedure", topic));
    }

    private static async Task<Results<Ok<Procedure>, ValidationProblem>> SaveProcedureAsync(
        string topic, string language, [FromBody] ProcedureRequest? request, ProcedureBook book, TopicCatalog topics, HttpContext http, CancellationToken ct)
    {
        var v = await ProcedureBook.ValidateAsync(topic, language, request, topics, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await book.SaveAsync(topic, language, request!, Actors.Describe(http.User), ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<CannedReplyResponse>>, ValidationProblem>> ListCannedAsync(
        CannedReplies replies, TopicCatalog topics, CancellationToken ct, string? language = null, string? topic = null, bool includeInactive = false)
    {
        var v = new Validation()
            .Require(language is null || Languages.Supported.Contains(language), "language", Texts.Ui("Valid.LanguageUse"))
            .Require(topic is null || (await topics.AllAsync(ct)).Any(t => t.Key == topic), "topic", Texts.Ui("Valid.UnknownTopicSee"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await replies.QueryAsync(language, topic, includeInactive, ct));
    }

    private static async Task<Results<Created<CannedReplyResponse>, ValidationProblem>> CreateCannedAsync(
        [FromBody] CannedReplyRequest? request, CannedReplies replies, TopicCatalog topics, HttpContext http, CancellationToken ct)
    {
        var v = await replies.ValidateAsync(null, request, topics, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var created = (await replies.SaveAsync(null, request!, Actors.Describe(http.User), ct))!;
        return TypedResults.Created($"/api/v1/canned-replies/{created.Id}", created);
    }

    private static async Task<Results<Ok<CannedReplyResponse>, ValidationProblem, ProblemHttpResult>> UpdateCannedAsync(
        Guid id, [FromBody] CannedReplyRequest? request, CannedReplies replies, TopicCatalog topics, HttpContext http, CancellationToken ct)
    {
        var v = await replies.ValidateAsync(id, request, topics, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return await replies.SaveAsync(id, request!, Actors.Describe(http.User), ct) is { } saved
            ? TypedResults.Ok(saved)
            : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoReply", id));
    }

    private static async Task<Results<Created<HelpArticleResponse>, Ok<HelpArticleResponse>, ValidationProblem>> SaveArticleAsync(
        string language, string slug, [FromBody] HelpArticleRequest? request, HelpArticles articles, TopicCatalog topics, HttpContext http, CancellationToken ct)
    {
        var v = await HelpArticles.ValidateAsync(language, slug, request, topics, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var (article, created) = await articles.SaveAsync(language, slug, request!, Actors.Describe(http.User), ct);
        return created ? TypedResults.Created($"/api/v1/help/articles/{language}/{slug}", article) : TypedResults.Ok(article);
    }
}

public static class KnowledgeModule
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddSingleton<TopicCatalog>();
        services.AddScoped<TopicAdmin>();
        services.AddSingleton<ProcedureBook>();
        services.AddScoped<CannedReplies>();
        services.AddScoped<HelpArticles>();
        services.AddScoped<SaveSalesScript>();
        services.AddScoped<DeleteSalesScript>();
        services.AddHelpCentre();
        services.AddShippedDefaults<KnowledgeSeeder>();
        services.AddShippedDefaults<SalesScriptDefaults>();
        return services;
    }

    public static WebApplication MapKnowledge(this WebApplication app)
    {
        app.MapKnowledgeApi();
        app.MapSalesScriptApi();
        app.MapHelpCentre();
        return app;
    }
}
