using Touchpoint.Platform.Calendar;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Sla;

public sealed record CalendarRequest
{
    /// <summary>What people read, per language (<c>{"en","ru","pl"}</c>); left out: the stored title stays (none: the name is shown).</summary>
    public Dictionary<string, string?>? Title { get; init; }
    public string? TimeZone { get; init; }

    /// <summary>Weekday (monday…sunday) → opening periods; a day left out is closed.</summary>
    public Dictionary<string, List<PeriodInput>?>? Week { get; init; }
    public List<string>? Holidays { get; init; }
}

public sealed record CalendarResponse(string Name, LocalizedText Title, string TimeZone, IReadOnlyDictionary<string, IReadOnlyList<PeriodInput>> Week, IReadOnlyList<string> Holidays, IReadOnlyList<string> UsedBy)
{
    public static CalendarResponse From(CalendarDefinition c, IEnumerable<PolicyDefinition> policies) => new(c.Name, c.Title ?? LocalizedText.Empty, c.TimeZone,
        Enum.GetValues<DayOfWeek>().Where(d => c.Week.ContainsKey(d) && c.Week[d].Count > 0).ToDictionary(d => d.ToString().ToLowerInvariant(),
            d => (IReadOnlyList<PeriodInput>)c.Week[d].Select(p => new PeriodInput { From = CalendarDefinition.Hhmm(p.From), To = CalendarDefinition.Hhmm(p.To) }).ToList()),
        c.Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
        policies.Where(p => p.Targets.Any(t => t.Calendar == c.Name)).Select(p => p.Name).ToList());
}

public sealed record ConditionsInput
{
    public List<string>? Channels { get; init; }
    public List<string>? Topics { get; init; }
    public List<string>? Priorities { get; init; }
    public List<string>? CustomerTags { get; init; }
}

public sealed record TargetInput
{
    public string? Target { get; init; }
    public long? GoalSeconds { get; init; }
    public long? LimitSeconds { get; init; }
    public string? Calendar { get; init; }
    public long? WarnBeforeSeconds { get; init; }
}

public sealed record PolicyRequest
{
    /// <summary>What people read, per language (<c>{"en","ru","pl"}</c>); left out: the stored title stays (none: the name is shown).</summary>
    public Dictionary<string, string?>? Title { get; init; }
    public int? Position { get; init; }
    public bool? Active { get; init; }
    public ConditionsInput? Conditions { get; init; }
    public List<TargetInput>? Targets { get; init; }
}

public sealed record PolicyResponse(string Name, LocalizedText Title, int Position, bool Active, PolicyConditions Conditions, IReadOnlyList<TargetDefinition> Targets)
{
    public static PolicyResponse From(PolicyDefinition p) => new(p.Name, p.Title ?? LocalizedText.Empty, p.Position, p.Active, p.Conditions, p.Targets);
}

/// <summary>Validates and stores calendars and policies; every write clears the in-memory setup so the next event uses it.</summary>
public sealed class SlaAdmin(TouchpointDb db, SlaCatalog catalog, TopicCatalog topics, SlaRescheduler rescheduler, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const long MaxSeconds = 366L * 24 * 3600;
    public const int MaxPosition = 10_000;
    private static readonly string[] Days = Enum.GetValues<DayOfWeek>().Select(d => d.ToString().ToLowerInvariant()).ToArray();

    public static bool IsValidName(string? name) => name is { Length: >= 1 and <= MaxNameLength } && name.Trim() == name && !name.Any(char.IsControl);

    /// <summary>An optional title: languages en, ru, pl, each at most <see cref="SlaTitles.MaxLength"/>, English given. Null when left out.</summary>
    private static LocalizedText? CheckTitle(Validation v, Dictionary<string, string?>? title)
    {
        if (title is null)
        {
            return null;
        }
        LocalizedText.Check(v, "title", title, SlaTitles.MaxLength, everyLanguage: false);
        foreach (var (language, text) in title)
        {
            v.Require(text is null || !text.Any(char.IsControl), $"title.{language}", Texts.Ui("Valid.Name", SlaTitles.MaxLength));
        }
        return new LocalizedText(title);
    }

    /// <summary>Checks a calendar; on success returns what will be stored.</summary>
    public static (Validation Validation, CalendarDefinition? Calendar) ValidateCalendar(string name, CalendarRequest? request)
    {
        var v = new Validation().Require(IsValidName(name), "name", Texts.Ui("Valid.Name", MaxNameLength));
        if (request is null)
        {
            return (v.Add("body", Texts.Ui("Valid.Sla.CalendarBody")), null);
        }
        var title = CheckTitle(v, request.Title);
        v.Require(!string.IsNullOrWhiteSpace(request.TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _), "timeZone",
            Texts.Ui("Valid.TimeZone"));
        var week = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>();
        foreach (var (day, periods) in request.Week ?? [])
        {
            var field = $"week.{day}";
            if (!Days.Contains(day))
            {
                v.Add(field, Texts.Ui("Valid.Sla.Day"));
                continue;
            }
            var parsed = new List<OpeningPeriod>();
            foreach (var p in periods ?? [])
            {
                if (!TryTime(p.From, out var from) || !TryTime(p.To, out var to))
                {
                    v.Add(field, Texts.Ui("Valid.Sla.Period"));
                    continue;
                }
                if (from >= to)
                {
                    v.Add(field, Texts.Ui("Valid.Sla.PeriodEnds", p.From, p.To));
                    continue;
                }
                parsed.Add(new OpeningPeriod(from, to));
            }
            parsed = parsed.OrderBy(p => p.From).ToList();
            for (var i = 1; i < parsed.Count; i++)
            {
                if (parsed[i].From < parsed[i - 1].To)
                {
                    v.Add(field, Texts.Ui("Valid.Sla.Overlap", CalendarDefinition.Hhmm(parsed[i - 1].From), CalendarDefinition.Hhmm(parsed[i - 1].To),
                        CalendarDefinition.Hhmm(parsed[i].From), CalendarDefinition.Hhmm(parsed[i].To)));
                }
            }
            v.Require(parsed.Count <= 12, field, Texts.Ui("Valid.Sla.PeriodsPerDay"));
            week[Enum.Parse<DayOfWeek>(day, ignoreCase: true)] = parsed;
        }
        v.Require(week.Values.Any(p => p.Count > 0), "week", Texts.Ui("Valid.Sla.OpenDay"));
        var holidays = new List<DateOnly>();
        foreach (var h in request.Holidays ?? [])
        {
            if (DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) { holidays.Add(d); }
            else { v.Add("holidays", Texts.Ui("Valid.NotADate", h)); }
        }
        v.Require(holidays.Count <= 1000, "holidays", Texts.Ui("Valid.Sla.Holidays"));
        return v.IsValid ? (v, new CalendarDefinition(name, request.TimeZone!, week, holidays.Distinct().Order().ToList()) { Title = title }) : (v, null);
    }

    private static bool TryTime(string? s, out TimeSpan value)
    {
        value = default;
        if (s == "24:00")
        {
            value = TimeSpan.FromHours(24);
            return true;
        }
        return s is { Length: 5 } && TimeSpan.TryParseExact(s, @"hh\:mm", CultureInfo.InvariantCulture, out value) && value < TimeSpan.FromHours(24);
    }

    public async Task<(Validation Validation, PolicyDefinition? Policy)> ValidatePolicyAsync(string name, PolicyRequest? request, CancellationToken ct)
    {
        var v = new Validation().Require(IsValidName(name), "name", Texts.Ui("Valid.Name", MaxNameLength));
        if (request is null)
        {
            return (v.Add("body", Texts.Ui("Valid.Sla.PolicyBody")), null);
        }
        var title = CheckTitle(v, request.Title);
        v.Require(request.Position is null or >= 0 and <= MaxPosition, "position", Texts.Ui("Valid.Between", 0, MaxPosition));
        var c = request.Conditions ?? new ConditionsInput();
        foreach (var ch in c.Channels ?? [])
        {
            v.Require(Wire.TryParse<Channel>(ch, out _), "conditions.channels", Texts.Ui("Valid.UnknownChannel", ch, string.Join(", ", Wire.Names<Channel>())));
        }
        foreach (var p in c.Priorities ?? [])
        {
            v.Require(Wire.TryParse<Priority>(p, out _), "conditions.priorities", Texts.Ui("Valid.UnknownPriority", p, string.Join(", ", Wire.Names<Priority>())));
        }
        foreach (var t in c.Topics ?? [])
        {
            v.Require(await topics.ExistsAsync(t, ct), "conditions.topics", Texts.Ui("Valid.UnknownTopicNamed", t));
        }
        foreach (var tag in c.CustomerTags ?? [])
        {
            v.Require(!string.IsNullOrWhiteSpace(tag) && tag.Length <= 64, "conditions.customerTags", Texts.Ui("Valid.Sla.Tag"));
        }
        var setup = await catalog.GetAsync(ct);
        var calendars = setup.CalendarDefinitions.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var targets = new List<TargetDefinition>();
        var list = request.Targets ?? [];
        v.Require(list.Count is >= 1 and <= 3, "targets", Texts.Ui("Valid.Sla.Targets"));
        for (var i = 0; i < list.Count; i++)
        {
            var t = list[i];
            var field = $"targets[{i}]";
            var ok = true;
            if (t.Target is null || !SlaTargets.All.Contains(t.Target)) { v.Add($"{field}.target", Texts.Ui("Valid.Use", string.Join(", ", SlaTargets.All))); ok = false; }
            else if (list.Take(i).Any(x => x.Target == t.Target)) { v.Add($"{field}.target", Texts.Ui("Valid.Sla.TargetTwice", t.Target)); ok = false; }
            if (t.GoalSeconds is not > 0 || t.GoalSeconds > MaxSeconds) { v.Add($"{field}.goalSeconds", Texts.Ui("Valid.Sla.Goal", MaxSeconds)); ok = false; }
            if (t.LimitSeconds is { } limit && (limit > MaxSeconds || limit < (t.GoalSeconds ?? 0))) { v.Add($"{field}.limitSeconds", Texts.Ui("Valid.Sla.LimitBelowGoal")); ok = false; }
            if (t.LimitSeconds is <= 0) { v.Add($"{field}.limitSeconds", Texts.Ui("Valid.Sla.Limit")); ok = false; }
            if (t.Calendar is not null && !calendars.Contains(t.Calendar)) { v.Add($"{field}.calendar", Texts.Ui("Valid.Sla.UnknownCalendar", t.Calendar)); ok = false; }
            if (t.WarnBeforeSeconds is { } warn && (warn <= 0 || warn >= (t.GoalSeconds ?? 0))) { v.Add($"{field}.warnBeforeSeconds", Texts.Ui("Valid.Sla.WarnBefore")); ok = false; }
            if (ok)
            {
                targets.Add(new TargetDefinition { Target = t.Target!, GoalSeconds = t.GoalSeconds!.Value, LimitSeconds = t.LimitSeconds, Calendar = t.Calendar, WarnBeforeSeconds = t.WarnBeforeSeconds });
            }
        }
        if (!v.IsValid)
        {
            return (v, null);
        }
        var conditions = new PolicyConditions
        {
            Channels = (c.Channels ?? []).Distinct().ToList(), Topics = (c.Topics ?? []).Distinct().ToList(),
            Priorities = (c.Priorities ?? []).Distinct().ToList(), CustomerTags = (c.CustomerTags ?? []).Select(x => x.Trim()).Distinct().ToList(),
        };
        return (v, new PolicyDefinition(name, request.Position ?? 0, request.Active ?? true, conditions, targets) { Title = title });
    }

    public async Task<bool> SaveCalendarAsync(CalendarDefinition c, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Set<SlaCalendar>().FirstOrDefaultAsync(x => x.Name == c.Name, ct);
        var created = row is null;
        if (row is null)
        {
            row = new SlaCalendar { Name = c.Name, TimeZone = c.TimeZone, Week = "", Holidays = "" };
            db.Add(row);
        }
        // A request without a title keeps the one stored (an older client does not wipe the translations).
        row.Title = c.Title ?? row.Title;
        row.TimeZone = c.TimeZone;
        row.Week = CalendarDefinition.WeekJson(c.Week);
        row.Holidays = CalendarDefinition.HolidaysJson(c.Holidays);
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        if (!created)
        {
            rescheduler.Start(calendar: c.Name, policy: null);
        }
        return created;
    }

    public async Task<bool> SavePolicyAsync(PolicyDefinition p, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Set<SlaPolicy>().FirstOrDefaultAsync(x => x.Name == p.Name, ct);
        var created = row is null;
        if (row is null)
        {
            row = new SlaPolicy { Name = p.Name, Conditions = "", Targets = "" };
            db.Add(row);
        }
        row.Title = p.Title ?? row.Title;
        row.Position = p.Position;
        row.Active = p.Active;
        row.Conditions = JsonSerializer.Serialize(p.Conditions, SlaJson.Options);
        row.Targets = JsonSerializer.Serialize(p.Targets, SlaJson.Options);
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        if (!created)
        {
            rescheduler.Start(calendar: null, policy: p.Name);
        }
        return created;
    }

    /// <summary>Null when deleted; otherwise why not (a policy still counts in it).</summary>
    public async Task<string?> DeleteCalendarAsync(string name, CancellationToken ct)
    {
        var users = (await catalog.GetAsync(ct)).Policies.Where(p => p.Targets.Any(t => t.Calendar == name)).Select(p => p.Name).ToList();
        if (users.Count > 0)
        {
            return Texts.Ui("Problem.Sla.CalendarInUse", name, string.Join(", ", users));
        }
        await db.WriteAsync(() => db.Set<SlaCalendar>().Where(c => c.Name == name).ExecuteDeleteAsync(ct), ct);
        catalog.Invalidate();
        return null;
    }

    public async Task<bool> DeletePolicyAsync(string name, CancellationToken ct)
    {
        var deleted = await db.WriteAsync(() => db.Set<SlaPolicy>().Where(c => c.Name == name).ExecuteDeleteAsync(ct), ct);
        catalog.Invalidate();
        return deleted > 0;
    }
}
