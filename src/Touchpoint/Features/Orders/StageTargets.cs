using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Orders;

public sealed class OrdersOptions
{
    /// <summary>How long each stage may last before the order is delayed (<c>Touchpoint:Orders:StageTargets:packed=1.00:00:00</c>).</summary>
    public Dictionary<string, TimeSpan> StageTargets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan DelaySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Base of the links sent to customers, e.g. https://shop.example.com.</summary>
    /// <summary>Set from <c>Touchpoint:PublicBaseUrl</c> (see <see cref="PublicAddress"/>).</summary>
    public string PublicBaseUrl { get; set; } = "";

    public static readonly IReadOnlyDictionary<OrderStatus, TimeSpan> Defaults = new Dictionary<OrderStatus, TimeSpan>
    {
        [OrderStatus.Placed] = TimeSpan.FromHours(4),
        [OrderStatus.Accepted] = TimeSpan.FromDays(1),
        [OrderStatus.Packed] = TimeSpan.FromDays(1),
        [OrderStatus.Shipped] = TimeSpan.FromDays(5),
    };
}

/// <summary>An override of one stage's target, set by the service owner in settings.</summary>
public sealed class StageTargetSetting
{
    public OrderStatus Stage { get; init; }
    public TimeSpan Target { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

internal sealed class StageTargetSettingConfiguration : IEntityTypeConfiguration<StageTargetSetting>
{
    public void Configure(EntityTypeBuilder<StageTargetSetting> b)
    {
        b.ToTable("order_stage_targets");
        b.HasKey(x => x.Stage);
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
    }
}

/// <summary>The effective target of each timed stage: settings first, then configuration, then defaults.</summary>
public sealed class StageTargets(FrozenDictionary<OrderStatus, TimeSpan> targets)
{
    public IReadOnlyDictionary<OrderStatus, TimeSpan> All => targets;

    public TimeSpan? For(OrderStatus stage) => targets.TryGetValue(stage, out var t) ? t : null;
}

/// <summary>Keeps the effective targets in memory; re-reads them at most every 30 s (other instances' edits) or at once after a local edit.</summary>
public sealed class StageTargetsProvider(IServiceScopeFactory scopes, IOptions<OrdersOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StageTargets? _current;
    private DateTimeOffset _loadedAt;

    public async ValueTask<StageTargets> GetAsync(CancellationToken ct)
    {
        if (_current is { } current && time.GetUtcNow() - _loadedAt < Refresh)
        {
            return current;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is null || time.GetUtcNow() - _loadedAt >= Refresh)
            {
                _current = await LoadAsync(ct);
                _loadedAt = time.GetUtcNow();
            }
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _current = null;

    private async Task<StageTargets> LoadAsync(CancellationToken ct)
    {
        var result = new Dictionary<OrderStatus, TimeSpan>(OrdersOptions.Defaults);
        foreach (var (key, value) in options.Value.StageTargets)
        {
            if (OrderStatuses.TryParse(key.ToLowerInvariant(), out var stage) && OrderStatuses.TimedStages.Contains(stage))
            {
                result[stage] = value;
            }
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        foreach (var setting in await db.Set<StageTargetSetting>().AsNoTracking().ToListAsync(ct))
        {
            result[setting.Stage] = setting.Target;
        }
        return new StageTargets(result.ToFrozenDictionary());
    }
}
