using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>Sign-in (cookie for people, API key for the store's systems), roles and policies, users and keys.</summary>
public static class IdentityModule
{
    private const string SmartScheme = "Touchpoint";

    public static WebApplicationBuilder AddTouchpointIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddShippedDefaults<RoleDefaults>();
        services.AddIdentityCore<TouchpointUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Tokens.AuthenticatorTokenProvider = TotpTokenProvider.Name;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TouchpointDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<TotpTokenProvider>(TotpTokenProvider.Name)
            .AddClaimsPrincipalFactory<TouchpointClaims>()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider, IOptions<LoginOptions>>((o, time, login) =>
        {
            o.ValidationInterval = login.Value.SessionCheckInterval;
            o.TimeProvider = time;
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "API key or cookie", o =>
                o.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = ".Touchpoint.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Integration, p => p.RequireClaim(Actors.ApiKeyNameClaim))
            .AddPolicy(Policies.Desk, p => p.RequireAssertion(c => Roles.WorksTheDesk(c.User)))
            .AddPolicy(Policies.ServiceOwner, p => p.RequireRole(Roles.Admin, Roles.ServiceOwner))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.OwnerOrIntegration, p => p.RequireAssertion(c =>
                c.User.HasClaim(x => x.Type == Actors.ApiKeyNameClaim) || c.User.IsInRole(Roles.Admin) || c.User.IsInRole(Roles.ServiceOwner)));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        var publicBase = PublicAddress.Resolve(builder.Configuration, builder.Environment) ?? "";
        services.AddOptions<LoginOptions>().BindConfiguration("Touchpoint:Login")
            .PostConfigure(o => o.PublicBaseUrl = publicBase)
            .Validate(o => o.FailuresPerAccount >= 1 && o.FailuresPerAddress >= 1 && o.Window >= TimeSpan.FromSeconds(1)
                && o.SessionCheckInterval >= TimeSpan.FromSeconds(1) && o.SessionCheckInterval <= TimeSpan.FromHours(1)
                && o.ResetLinkLifetime >= TimeSpan.FromMinutes(5) && o.ResetLinkLifetime <= TimeSpan.FromDays(1) && o.ResetsPerHour is >= 1 and <= 100,
                "Touchpoint:Login: failures ≥ 1, Window ≥ 1 s, SessionCheckInterval 1 s – 1 h, ResetLinkLifetime 5 min – 1 day, ResetsPerHour 1–100.")
            .ValidateOnStart();
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<LoginOptions>>((o, login) => o.TokenLifespan = login.Value.ResetLinkLifetime);
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<LoginThrottle.EqualWork>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<Authenticator>();
        services.AddScoped<RequestPasswordReset>();
        services.AddScoped<ResetPassword>();
        services.AddScoped<SaveTwoFactorPolicy>();
        services.AddIdentityVerbs();
        return builder;
    }

    private static async Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        // A scraper of /metrics is a program too: it gets the status, not a login page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments(Touchpoint.Platform.Observability.TelemetryModule.MetricsPath))
        {
            ctx.Response.StatusCode = status;
            await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx.HttpContext,
                ProblemDetails = { Status = status, Title = Texts.Ui(status == 401 ? "Problem.Title.Unauthorized" : "Problem.Title.Forbidden"),
                    Detail = Texts.Ui(status == 401 ? "Problem.SignIn" : "Problem.RoleForbids") },
            });
            return;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
    }

    public static WebApplication MapTouchpointIdentity(this WebApplication app)
    {
        SignIn.Map(app);

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
        return app;
    }
}
