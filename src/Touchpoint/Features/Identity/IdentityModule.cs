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
        IdentityEndpoints.Map(app);
        return app;
    }
}
