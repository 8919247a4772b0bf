using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

/// <summary>/api/v1/knowledge/scripts: the SPIN sales scripts. Staff read them; service owners (and admins) write.</summary>
public static class SalesScriptEndpoints
{
    public static IEndpointRouteBuilder MapSalesScriptApi(this IEndpointRouteBuilder app)
    {
        var scripts = app.MapGroup("/api/v1/knowledge/scripts").WithTags("Knowledge");
        scripts.MapGet("/", async (TouchpointDb db, CancellationToken ct) =>
                TypedResults.Ok((await SalesScriptQueries.AllAsync(db, ct)).Select(SalesScriptResponse.From).ToList()))
            .WithName("ListSalesScripts").WithSummary("The SPIN sales scripts: topic or product category, name and the four groups of questions in en, ru and pl.")
            .RequireAuthorization(Policies.Staff);
        scripts.MapGet("/{key}", async Task<Results<Ok<SalesScriptResponse>, ProblemHttpResult>> (string key, TouchpointDb db, CancellationToken ct) =>
                await SalesScriptQueries.GetAsync(db, key, ct) is { } s ? TypedResults.Ok(SalesScriptResponse.From(s)) : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoScript", key)))
            .WithName("GetSalesScript").WithSummary("One sales script.")
            .RequireAuthorization(Policies.Staff);
        scripts.MapPut("/{key}", SaveAsync)
            .WithName("SaveSalesScript").WithSummary("Create or replace a sales script: topic or category, name, groups {situation, problem, implication, need_payoff} of questions {key?, text}.")
            .RequireAuthorization(Policies.ServiceOwner);
        scripts.MapDelete("/{key}", async Task<Results<NoContent, ProblemHttpResult>> (string key, DeleteSalesScript delete, CancellationToken ct) =>
                await delete.ExecuteAsync(key, ct) ? TypedResults.NoContent() : Problems.NotFound(Texts.Ui("Problem.Knowledge.NoScript", key)))
            .WithName("DeleteSalesScript").WithSummary("Delete a sales script (the ticks already made on conversations stay).")
            .RequireAuthorization(Policies.ServiceOwner);
        return app;
    }

    private static async Task<Results<Created<SalesScriptResponse>, Ok<SalesScriptResponse>, ValidationProblem>> SaveAsync(
        string key, [FromBody] PutSalesScriptRequest? request, SaveSalesScript save, HttpContext http, CancellationToken ct)
    {
        var (content, v) = await save.ValidateAsync(key, request, ct);
        if (content is null)
        {
            return v.ToProblem();
        }
        var (script, created) = await save.ExecuteAsync(key, content, Actors.Describe(http.User), ct);
        var body = SalesScriptResponse.From(script);
        return created ? TypedResults.Created($"/api/v1/knowledge/scripts/{key}", body) : TypedResults.Ok(body);
    }
}
