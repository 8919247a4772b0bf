using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>The admin API of Identity: users, the two-factor policy, API keys (sign-in itself is <see cref="SignIn"/>).</summary>
public static class IdentityEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", (UserAdmin admin, CancellationToken ct) => admin.ListAsync(ct));
        users.MapPost("/", async Task<Results<Created<UserResponse>, ValidationProblem>> ([FromBody] CreateUserRequest request, UserAdmin admin, CancellationToken ct) =>
        {
            var (user, errors) = await admin.CreateAsync(request, ct);
            return user is null ? Problems.Invalid(errors) : TypedResults.Created($"/api/v1/users/{user.Id}", user);
        });
        users.MapMethods("/{id}", ["PATCH"], async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> (
            string id, [FromBody] UpdateUserRequest? request, UserAdmin admin, HttpContext http, CancellationToken ct) =>
        {
            if (request is null)
            {
                return Problems.Invalid("body", Texts.Ui("Valid.JsonObject"));
            }
            var (outcome, user, errors, refusal) = await admin.UpdateAsync(id, request, http.User, ct);
            return outcome switch
            {
                UserAdmin.UpdateOutcome.Updated => TypedResults.Ok(user!),
                UserAdmin.UpdateOutcome.NotFound => Problems.NotFound(Texts.Ui("Problem.Users.NotFound", id)),
                UserAdmin.UpdateOutcome.Forbidden => Problems.Forbidden(refusal!),
                _ => Problems.Invalid(errors),
            };
        }).WithSummary("Change a user's name, language, role, password or active flag. A new role, password or deactivation ends their sessions. Nobody changes their own role or deactivates themselves.");

        var security = app.MapGroup("/api/v1/security").WithTags("Users").RequireAuthorization(Policies.Admin);
        security.MapGet("/two-factor", async (RoleManager<IdentityRole> roles) => new TwoFactorPolicyResponse(await TwoFactorPolicy.RequiredRolesAsync(roles)))
            .WithSummary("The roles that must sign in with an authenticator app.");
        security.MapPut("/two-factor", async Task<Results<Ok<TwoFactorPolicyResponse>, ValidationProblem>> ([FromBody] TwoFactorPolicyRequest? request, SaveTwoFactorPolicy save) =>
        {
            if (request is null)
            {
                return Problems.Invalid("body", Texts.Ui("Valid.JsonObject"));
            }
            var (policy, errors) = await save.SaveAsync(request);
            return policy is null ? Problems.Invalid(errors) : TypedResults.Ok(policy);
        }).WithSummary("Require two-factor sign-in for these roles (the others stop requiring it). Members without an authenticator are signed out and must set one up at their next sign-in.");

        var keys = app.MapGroup("/api/v1/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        keys.MapGet("/", async (ApiKeys apiKeys, CancellationToken ct) =>
            (await apiKeys.ListAsync(ct)).Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt)).ToList());
        keys.MapPost("/", async Task<Results<Ok<CreatedApiKey>, ValidationProblem>> ([FromBody] CreateApiKeyRequest request, ApiKeys apiKeys, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            {
                return Problems.Invalid("name", Texts.Ui("Valid.NameRequired", 100));
            }
            return TypedResults.Ok(await apiKeys.CreateAsync(request.Name, Actors.Describe(http.User), ct));
        }).WithSummary("Create a key. The key is in this answer only; Touchpoint stores its hash.");
        keys.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ApiKeys apiKeys, CancellationToken ct) =>
            await apiKeys.RevokeAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound(Texts.Ui("Problem.Keys.NotFound", id)));
    }
}
