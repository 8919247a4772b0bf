using Microsoft.AspNetCore.Http.HttpResults;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Search;

public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/search").WithTags("Search").RequireAuthorization(Policies.Staff);
        api.MapGet("/", SearchAsync).WithName("Search")
            .WithSummary("Search everywhere: q (1–200 characters) finds conversations (#number, words of subject and messages, prefix of the last word), customers (name, email, phone in any format) and orders (order or tracking number); kinds=conversations,customers,orders; limit per kind (1–50, default 5). Snippets are HTML with <mark>.");
        return api;
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        RunSearch search, CancellationToken ct, string? q = null, string? kinds = null, int? limit = null)
    {
        var request = new SearchRequest(q, kinds, limit);
        var v = request.Check(out var kindList);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await search.ExecuteAsync(request, kindList, ct));
    }
}
