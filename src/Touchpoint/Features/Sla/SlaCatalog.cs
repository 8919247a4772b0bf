using Touchpoint.Platform.Calendar;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Sla;

/// <summary>Policies in order and calendars built once: what every conversation event and sweep reads, without a query.</summary>
public sealed class SlaSetup(IReadOnlyList<PolicyDefinition> policies, IReadOnlyDictionary<string, BusinessCalendar> calendars, IReadOnlyList<CalendarDefinition> calendarDefinitions)
{
    private static readonly BusinessCalendar Always = BusinessCalendar.AlwaysOpen();

    public IReadOnlyList<PolicyDefinition> Policies { get; } = policies;
    public IReadOnlyList<CalendarDefinition> CalendarDefinitions { get; } = calendarDefinitions;
    public bool UsesCustomerTags { get; } = policies.Any(p => p.Active && p.Conditions.CustomerTags.Count > 0);

    /// <summary>Null: calendar time. A name that no longer exists also counts every hour rather than stopping the clock.</summary>
    public BusinessCalendar Calendar(string? name) => name is not null && calendars.TryGetValue(name, out var c) ? c : Always;

    public PolicyDefinition? Match(Channel channel, string topic, Priority priority, IReadOnlyCollection<string> customerTags) =>
        Policies.FirstOrDefault(p => p.Active && p.Targets.Count > 0 && p.Conditions.Matches(channel, topic, priority, customerTags));

    public PolicyDefinition? Policy(string name) => Policies.FirstOrDefault(p => p.Name == name);
}

public sealed class SlaCatalog(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly CachedTable<SlaSetup> _table = new(scopes, time, TimeSpan.FromSeconds(30), async (db, ct) =>
    {
        var policies = (await db.Set<SlaPolicy>().AsNoTracking().ToListAsync(ct)).Select(PolicyDefinition.From)
            .OrderBy(p => p.Position).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var calendars = (await db.Set<SlaCalendar>().AsNoTracking().ToListAsync(ct)).Select(CalendarDefinition.From).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return [new SlaSetup(policies, calendars.ToDictionary(c => c.Name, c => c.Build(), StringComparer.Ordinal), calendars)];
    });

    public async ValueTask<SlaSetup> GetAsync(CancellationToken ct) => (await _table.GetAsync(ct))[0];

    public void Invalidate() => _table.Invalidate();
}
