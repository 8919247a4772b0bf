using Touchpoint.Platform.Calendar;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Routing;

/// <summary>The teams a store's service is organised in (seed 004); others may be named freely.</summary>
public static class Teams
{
    public const string Sales = "sales";
    public const string Support = "support";
    public const string Warehouse = "warehouse";
    public const string AccountManagement = "account-management";

    public static readonly IReadOnlyList<string> Known = [Sales, Support, Warehouse, AccountManagement];
}

/// <summary>One opening of an agent's working day in their own time zone ("09:00"–"13:00"); the gaps are breaks.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record WorkPeriod(string From, string To);

/// <summary>
/// What routing needs to know about a person who takes conversations: teams, skills, capacity per channel, phone,
/// time zone, weekly schedule and presence. The login, name and role stay on the user (Identity).
/// </summary>
public sealed class AgentProfile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public required string UserId { get; init; }
    public List<string> Teams { get; set; } = [];
    public List<string> Topics { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Channels { get; set; } = [];

    /// <summary>Open items taken at once per channel, as JSON: <c>{"chat":3,"email":12}</c>.</summary>
    public string CapacityJson { get; set; } = "{}";

    /// <summary>Periods per weekday, as JSON: <c>{"monday":[{"from":"09:00","to":"13:00"}]}</c>; empty: no fixed hours.</summary>
    public string ScheduleJson { get; set; } = "{}";

    /// <summary>E.164, rung for calls.</summary>
    public string? Phone { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public Presence Presence { get; set; } = Presence.Offline;
    public DateTime PresenceSince { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Dictionary<string, int> Capacity
    {
        get => JsonSerializer.Deserialize<Dictionary<string, int>>(CapacityJson, Json) ?? [];
        set => CapacityJson = JsonSerializer.Serialize(new SortedDictionary<string, int>(value, StringComparer.Ordinal), Json);
    }

    public Dictionary<string, List<WorkPeriod>> Schedule
    {
        get => JsonSerializer.Deserialize<Dictionary<string, List<WorkPeriod>>>(ScheduleJson, Json) ?? [];
        set => ScheduleJson = JsonSerializer.Serialize(
            Enum.GetValues<DayOfWeek>().Select(d => d.ToString().ToLowerInvariant()).Where(value.ContainsKey)
                .ToDictionary(d => d, d => value[d].OrderBy(p => p.From, StringComparer.Ordinal).ToList()), Json);
    }

    /// <summary>The schedule as a calendar in the agent's time zone; null when the agent keeps no fixed hours.</summary>
    public BusinessCalendar? ScheduleCalendar()
    {
        var schedule = Schedule;
        if (schedule.Values.All(p => p.Count == 0))
        {
            return null;
        }
        var week = Enum.GetValues<DayOfWeek>().ToDictionary(d => d,
            d => (IReadOnlyList<OpeningPeriod>)(schedule.GetValueOrDefault(d.ToString().ToLowerInvariant()) ?? []).Select(p => OpeningPeriod.Parse(p.From, p.To)).ToList());
        return new BusinessCalendar(TimeZone, week);
    }
}

/// <summary>One entry of the on-duty roster: who covers breaks and off-hours between two instants.</summary>
public sealed class DutyShift
{
    public Guid Id { get; init; } = Platform.Persistence.Ids.NewId();
    public required string UserId { get; init; }
    public DateTime From { get; init; }
    public DateTime To { get; init; }
}

internal sealed class AgentProfileConfiguration : IEntityTypeConfiguration<AgentProfile>
{
    public void Configure(EntityTypeBuilder<AgentProfile> b)
    {
        b.ToTable("agent_profiles");
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.HasOne<TouchpointUser>().WithOne().HasForeignKey<AgentProfile>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.CapacityJson).HasMaxLength(2000);
        b.Property(x => x.ScheduleJson).HasMaxLength(4000);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.Presence).HasConversion<string>().HasMaxLength(16);
        b.Ignore(x => x.Capacity);
        b.Ignore(x => x.Schedule);
    }
}

internal sealed class DutyShiftConfiguration : IEntityTypeConfiguration<DutyShift>
{
    public void Configure(EntityTypeBuilder<DutyShift> b)
    {
        b.ToTable("duty_roster");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.HasOne<TouchpointUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.To);
    }
}
