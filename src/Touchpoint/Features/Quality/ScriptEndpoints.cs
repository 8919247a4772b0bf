using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>The SPIN ticks on a conversation: read by staff, written by those who work the desk (not auditors).</summary>
public static class ScriptEndpoints
{
    public static IEndpointRouteBuilder MapScriptTicksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations/{number:long}/script").WithTags("Quality");
        api.MapGet("/", async Task<Results<Ok<ScriptCoverageResponse>, ProblemHttpResult>> (long number, TouchpointDb db, CancellationToken ct) =>
                await ScriptCoverage.ForAsync(db, number, ct) is { } coverage ? TypedResults.Ok(coverage) : Problems.NotFound(Texts.Ui("Conv.NotFound", number)))
            .WithName("GetConversationScript").WithSummary("The SPIN questions ticked on a conversation, with notes, and whether each group was covered.")
            .RequireAuthorization(Policies.Staff);
        api.MapPut("/{script}/{question}", MarkAsync)
            .WithName("MarkScriptQuestion").WithSummary("Tick (asked: true) or untick a script's question on a conversation, with the customer's answer as a note.")
            .RequireAuthorization(Policies.Desk);
        return app;
    }

    private static async Task<Results<Ok<ScriptTickResponse>, ValidationProblem, ProblemHttpResult>> MarkAsync(
        long number, string script, string question, [FromBody] MarkScriptQuestionRequest? request, MarkScriptQuestion mark, HttpContext http, CancellationToken ct)
    {
        var (checkedRequest, v) = await mark.ValidateAsync(number, script, question, request, ct);
        if (checkedRequest is null)
        {
            return v.IsValid ? Problems.NotFound(Texts.Ui("Conv.NotFound", number)) : v.ToProblem();
        }
        var t = await mark.ExecuteAsync(checkedRequest, Actors.Describe(http.User), ct);
        return TypedResults.Ok(new ScriptTickResponse(t.Script, t.Question, t.Group, t.Asked, t.Note, t.UpdatedAt, t.UpdatedBy));
    }
}
