using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Cli;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

public sealed record UserResponse(string Id, string Email, string Name, string Role, string Language, bool Active, DateTime CreatedAt);

public sealed record CreateUserRequest(string? Email, string? Password, string? Role, string? Name, string? Language);

public sealed record CreateApiKeyRequest(string? Name);

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Creating and listing the people who log in.</summary>
public sealed class UserAdmin(UserManager<TouchpointUser> users, TouchpointDb db, TimeProvider time)
{
    public async Task<(UserResponse? User, IDictionary<string, string[]> Errors)> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        var v = new Validation()
            .Require(new EmailAddressAttribute().IsValid(request.Email) && !string.IsNullOrWhiteSpace(request.Email), "email", Texts.Ui("Valid.Email"))
            .Require(Roles.Normalize(request.Role) is not null, "role", Texts.Ui("Valid.OneOf", string.Join(", ", Roles.All)))
            .Require(!string.IsNullOrEmpty(request.Password), "password", Texts.Ui("Valid.Required"))
            .Require(request.Language is null || Languages.Supported.Contains(request.Language), "language", Texts.Ui("Valid.Language"))
            .Require((request.Name ?? "").Length <= 100, "name", Texts.Ui("Valid.MaxChars", 100));
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        var email = request.Email!.Trim().ToLowerInvariant();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return (null, new Dictionary<string, string[]> { ["email"] = [Texts.Ui("Valid.Users.EmailTaken")] });
        }
        var user = new TouchpointUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = string.IsNullOrWhiteSpace(request.Name) ? email.Split('@')[0] : request.Name.Trim(),
            Language = request.Language ?? "en", CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return (null, new Dictionary<string, string[]> { ["password"] = created.Errors.Select(e => e.Description).ToArray() });
        }
        var role = Roles.Normalize(request.Role)!;
        await users.AddToRoleAsync(user, role);
        return (ToResponse(user, role), new Dictionary<string, string[]>());
    }

    /// <summary>
    /// The user with this email, created without a password when missing (an admin sets one before they log in);
    /// name, role and language are changed when given.
    /// </summary>
    public async Task<(TouchpointUser User, string Role)> EnsureAsync(string email, string? name, string? role, string? language, CancellationToken ct)
    {
        email = email.Trim().ToLowerInvariant();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new TouchpointUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name.Trim(),
                Language = language ?? "en", CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
        else if (!string.IsNullOrWhiteSpace(name) && name.Trim() != user.DisplayName || language is not null && language != user.Language)
        {
            user.DisplayName = string.IsNullOrWhiteSpace(name) ? user.DisplayName : name.Trim();
            user.Language = language ?? user.Language;
            await users.UpdateAsync(user);
        }
        var current = (await users.GetRolesAsync(user)).FirstOrDefault();
        var wanted = Roles.Normalize(role) ?? current ?? Roles.Agent;
        if (current != wanted)
        {
            if (current is not null)
            {
                await users.RemoveFromRoleAsync(user, current);
            }
            await users.AddToRoleAsync(user, wanted);
        }
        return (user, wanted);
    }

    public async Task<string> RoleOfAsync(string userId, CancellationToken ct) =>
        await users.FindByIdAsync(userId) is { } user ? (await users.GetRolesAsync(user)).FirstOrDefault() ?? "" : "";

    public async Task<List<UserResponse>> ListAsync(CancellationToken ct)
    {
        var rows = await (from u in db.Users.AsNoTracking()
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          orderby u.Email
                          select new { User = u, Role = r == null ? null : r.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.User.Id).Select(g => ToResponse(g.First().User, g.Select(x => x.Role).FirstOrDefault(x => x != null) ?? "")).ToList();
    }

    public async Task<bool> SetActiveAsync(string id, bool active)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }
        user.IsActive = active;
        // Blocks logins and invalidates existing cookies at their next validation.
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, active ? null : DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return true;
    }

    public static UserResponse ToResponse(TouchpointUser u, string role) =>
        new(u.Id, u.Email ?? "", u.DisplayName, role, u.Language, u.IsActive, u.CreatedAt);

    /// <summary>Makes sure every role exists (idempotent; run at start).</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}

public static class IdentityModule
{
    private const string SmartScheme = "Touchpoint";

    public static WebApplicationBuilder AddTouchpointIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<TouchpointUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TouchpointDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "API key or cookie", o =>
                o.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = ".Touchpoint.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Integration, p => p.RequireClaim(Actors.ApiKeyNameClaim))
            .AddPolicy(Policies.ServiceOwner, p => p.RequireRole(Roles.Admin, Roles.ServiceOwner))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.OwnerOrIntegration, p => p.RequireAssertion(c =>
                c.User.HasClaim(x => x.Type == Actors.ApiKeyNameClaim) || c.User.IsInRole(Roles.Admin) || c.User.IsInRole(Roles.ServiceOwner)));
        services.AddCascadingAuthenticationState();
        services.AddScoped<ApiKeys>();
        services.AddScoped<UserAdmin>();
        services.AddSingleton(new CliVerb("apikey", "apikey create --name NAME", "Create an API key; prints it once, on the last line.", ApiKeyVerbAsync));
        services.AddSingleton(new CliVerb("user", "user create --email E --password P --role R [--name N] [--language en|ru|pl]",
            $"Create a user who logs in (roles: {string.Join(", ", Roles.All)}).", UserVerbAsync));
        return builder;
    }

    private static async Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
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

    private static async Task<int> ApiKeyVerbAsync(IServiceProvider services, CliArgs args, CancellationToken ct)
    {
        var name = args.Option("name");
        if (args.Positional.FirstOrDefault() != "create" || string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            await Console.Error.WriteLineAsync("Usage: apikey create --name NAME   (NAME: 1-100 characters)");
            return 2;
        }
        using var scope = services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(name, "cli", ct);
        Console.WriteLine($"Created API key '{created.Name}' ({created.Id}). It is shown only now; store it safely:");
        Console.WriteLine(created.Key);
        return 0;
    }

    private static async Task<int> UserVerbAsync(IServiceProvider services, CliArgs args, CancellationToken ct)
    {
        if (args.Positional.FirstOrDefault() != "create")
        {
            await Console.Error.WriteLineAsync("Usage: user create --email E --password P --role R [--name N] [--language en|ru|pl]");
            return 2;
        }
        await UserAdmin.EnsureRolesAsync(services);
        using var scope = services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAdmin>().CreateAsync(
            new CreateUserRequest(args.Option("email"), args.Option("password"), args.Option("role"), args.Option("name"), args.Option("language")), ct);
        if (user is null)
        {
            foreach (var (field, messages) in errors)
            {
                await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            }
            return 1;
        }
        Console.WriteLine($"Created {user.Role} {user.Email}.");
        return 0;
    }

    public static WebApplication MapTouchpointIdentity(this WebApplication app)
    {
        app.MapPost("/account/login", async Task<IResult> ([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
            SignInManager<TouchpointUser> signIn, UserManager<TouchpointUser> users) =>
        {
            var target = SafeReturnUrl(returnUrl);
            var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
            if (user is null || !user.IsActive || string.IsNullOrEmpty(password))
            {
                return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
            }
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
            if (!result.Succeeded)
            {
                return Results.LocalRedirect($"/login?error={(result.IsLockedOut ? "locked" : "1")}&returnUrl={Uri.EscapeDataString(target)}");
            }
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/account/logout", async (SignInManager<TouchpointUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription().RequireAuthorization();

        var users = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", (UserAdmin admin, CancellationToken ct) => admin.ListAsync(ct));
        users.MapPost("/", async Task<Results<Created<UserResponse>, ValidationProblem>> ([FromBody] CreateUserRequest request, UserAdmin admin, CancellationToken ct) =>
        {
            var (user, errors) = await admin.CreateAsync(request, ct);
            return user is null ? Problems.Invalid(errors) : TypedResults.Created($"/api/v1/users/{user.Id}", user);
        });

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

    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl : "/";
}
