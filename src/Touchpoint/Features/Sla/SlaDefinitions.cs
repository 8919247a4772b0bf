using Touchpoint.Platform.Calendar;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Sla;

public static class SlaTargets
{
    public const string FirstResponse = "first_response";
    public const string NextResponse = "next_response";
    public const string Resolution = "resolution";

    public static readonly IReadOnlyList<string> All = [FirstResponse, NextResponse, Resolution];
}

/// <summary>A business-hours calendar as the service owner keeps it. Opening hours and holidays are JSON (small, always read whole).</summary>
public sealed class SlaCalendar
{
    /// <summary>The key the API and the policies' targets use; people read <see cref="Title"/>.</summary>
    public required string Name { get; init; }

    /// <summary>What people read, per language; empty: the name is shown.</summary>
    public LocalizedText Title { get; set; } = LocalizedText.Empty;
    public required string TimeZone { get; set; }

    /// <summary><c>{"monday":[{"from":"09:00","to":"13:00"},…],…}</c></summary>
    public required string Week { get; set; }

    /// <summary><c>["2026-12-25",…]</c></summary>
    public required string Holidays { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>A policy: the first active one (by position) whose conditions all match a conversation applies.</summary>
public sealed class SlaPolicy
{
    /// <summary>The key the API, the conversations' clocks and the report use; people read <see cref="Title"/>.</summary>
    public required string Name { get; init; }

    /// <summary>What people read, per language; empty: the name is shown.</summary>
    public LocalizedText Title { get; set; } = LocalizedText.Empty;
    public int Position { get; set; }
    public bool Active { get; set; } = true;

    /// <summary><see cref="PolicyConditions"/> as JSON.</summary>
    public required string Conditions { get; set; }

    /// <summary>A list of <see cref="TargetDefinition"/> as JSON.</summary>
    public required string Targets { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

internal sealed class SlaCalendarConfiguration : IEntityTypeConfiguration<SlaCalendar>
{
    public void Configure(EntityTypeBuilder<SlaCalendar> b)
    {
        b.ToTable("sla_calendars");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Title).HasLocalizedText().HasDefaultValue(LocalizedText.Empty);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> b)
    {
        b.ToTable("sla_policies");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Title).HasLocalizedText().HasDefaultValue(LocalizedText.Empty);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
    }
}

/// <summary>Empty lists match anything; within a list any value matches; all lists must match.</summary>
public sealed record PolicyConditions
{
    public IReadOnlyList<string> Channels { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<string> Priorities { get; init; } = [];
    public IReadOnlyList<string> CustomerTags { get; init; } = [];

    public bool Matches(Channel channel, string topic, Priority priority, IReadOnlyCollection<string> customerTags) =>
        (Channels.Count == 0 || Channels.Contains(channel.ToWire()))
        && (Topics.Count == 0 || Topics.Contains(topic))
        && (Priorities.Count == 0 || Priorities.Contains(priority.ToWire()))
        && (CustomerTags.Count == 0 || CustomerTags.Any(customerTags.Contains));
}

/// <summary>One promise: a goal, an optional hard limit (escalation), a calendar (null: calendar time) and how early to warn.</summary>
public sealed record TargetDefinition
{
    public required string Target { get; init; }
    public long GoalSeconds { get; init; }
    public long? LimitSeconds { get; init; }
    public string? Calendar { get; init; }

    /// <summary>Warn when this much of the goal is left; null: a fifth of the goal.</summary>
    public long? WarnBeforeSeconds { get; init; }

    public long EffectiveWarnBefore => WarnBeforeSeconds ?? Math.Max(1, GoalSeconds / 5);
}

/// <summary>A policy ready to apply: parsed conditions and targets.</summary>
public sealed record PolicyDefinition(string Name, int Position, bool Active, PolicyConditions Conditions, IReadOnlyList<TargetDefinition> Targets)
{
    /// <summary>What people read per language; null or empty: the name.</summary>
    public LocalizedText? Title { get; init; }

    /// <summary>The title in <paramref name="language"/> (else English, else any), or the name when there is none.</summary>
    public string Shown(string language) => SlaTitles.Shown(Title, Name, language);

    public static PolicyDefinition From(SlaPolicy p) => new(p.Name, p.Position, p.Active,
        JsonSerializer.Deserialize<PolicyConditions>(p.Conditions, SlaJson.Options) ?? new PolicyConditions(),
        JsonSerializer.Deserialize<List<TargetDefinition>>(p.Targets, SlaJson.Options) ?? []) { Title = p.Title };
}

public static class SlaTitles
{
    public const int MaxLength = 100;

    public static string Shown(LocalizedText? title, string name, string language) => title?.For(language) is { Length: > 0 } t ? t : name;
}

/// <summary>A calendar ready to compute with.</summary>
public sealed record CalendarDefinition(string Name, string TimeZone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> Week, IReadOnlyList<DateOnly> Holidays)
{
    /// <summary>What people read per language; null or empty: the name.</summary>
    public LocalizedText? Title { get; init; }

    public string Shown(string language) => SlaTitles.Shown(Title, Name, language);

    public BusinessCalendar Build() => new(TimeZone, Week, Holidays);

    public static CalendarDefinition From(SlaCalendar c) => new(c.Name, c.TimeZone, ParseWeek(c.Week), ParseHolidays(c.Holidays)) { Title = c.Title };

    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> ParseWeek(string json)
    {
        var raw = JsonSerializer.Deserialize<Dictionary<string, List<PeriodInput>>>(json, SlaJson.Options) ?? [];
        return raw.ToDictionary(kv => Enum.Parse<DayOfWeek>(kv.Key, ignoreCase: true),
            kv => (IReadOnlyList<OpeningPeriod>)kv.Value.Select(p => OpeningPeriod.Parse(p.From!, p.To!)).OrderBy(p => p.From).ToList());
    }

    public static IReadOnlyList<DateOnly> ParseHolidays(string json) =>
        (JsonSerializer.Deserialize<List<string>>(json, SlaJson.Options) ?? []).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Order().ToList();

    public static string WeekJson(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> week) =>
        JsonSerializer.Serialize(Enum.GetValues<DayOfWeek>().Where(d => week.ContainsKey(d) && week[d].Count > 0)
            .ToDictionary(d => d.ToString().ToLowerInvariant(), d => week[d].Select(p => new PeriodInput { From = Hhmm(p.From), To = Hhmm(p.To) }).ToList()), SlaJson.Options);

    public static string HolidaysJson(IEnumerable<DateOnly> days) =>
        JsonSerializer.Serialize(days.Distinct().Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(), SlaJson.Options);

    public static string Hhmm(TimeSpan t) => t == TimeSpan.FromHours(24) ? "24:00" : t.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}

public sealed record PeriodInput
{
    public string? From { get; init; }
    public string? To { get; init; }
}

public static class SlaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
