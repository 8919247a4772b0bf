using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>A key for the store's platform. Only the SHA-256 of the secret is stored; the key is shown once.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; } = Ids.NewId();
    public required string Name { get; init; }

    /// <summary>The first characters of the key, to recognise it in lists (not secret enough to use).</summary>
    public required string Prefix { get; init; }

    public required string Hash { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.Hash).IsUnique();
        b.Property(x => x.CreatedBy).HasMaxLength(200);
    }
}

public sealed record CreatedApiKey(Guid Id, string Name, string Key);

public sealed class ApiKeys(TouchpointDb db, TimeProvider time, IMemoryCache cache)
{
    public const string KeyPrefix = "tp_";

    /// <summary>Keys are 256 random bits, so a fast hash is as safe as a slow one and keeps every API call cheap.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<CreatedApiKey> CreateAsync(string name, string createdBy, CancellationToken ct)
    {
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var entity = new ApiKey { Name = name.Trim(), Prefix = key[..10], Hash = HashOf(key), CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = createdBy };
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(entity.Id, entity.Name, key);
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken ct) =>
        db.Set<ApiKey>().AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.RevokedAt is not null)
        {
            return key is not null;
        }
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(key.Hash));
        return true;
    }

    internal static string CacheKey(string hash) => $"apikey:{hash}";
}

/// <summary><c>Authorization: Bearer tp_…</c>. Lookups are cached for 30 s (a revoked key stops working within that on other instances, at once on this one).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IMemoryCache cache, IServiceScopeFactory scopes)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private sealed record Cached(string? Name);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Use 'Authorization: Bearer <key>'.");
        }
        var key = header["Bearer ".Length..].Trim();
        if (key.Length is < 20 or > 100)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }
        var hash = ApiKeys.HashOf(key);
        var found = await cache.GetOrCreateAsync(ApiKeys.CacheKey(hash), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var stored = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
            if (stored is not null)
            {
                stored.LastUsedAt = now;
                await db.SaveChangesAsync(Context.RequestAborted);
            }
            return new Cached(stored?.Name);
        });
        if (found?.Name is not { } name)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"api:{name}"), new Claim(Actors.ApiKeyNameClaim, name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"touchpoint\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = Texts.Ui("Problem.Title.Unauthorized"), Detail = Texts.Ui("Problem.SignIn") },
        });
    }
}
