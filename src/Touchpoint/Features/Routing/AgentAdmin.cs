using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Routing;

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record AgentSkills
{
    public List<string>? Topics { get; init; }
    public List<string>? Languages { get; init; }
    public List<string>? Channels { get; init; }
}

/// <summary>
/// PUT /api/v1/agents/{email}: the whole profile (what is left out is emptied, except name, role and language, which keep
/// their value). An unknown member is refused with its name: a typo such as "skils" must not empty the skills.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record AgentRequest
{
    public string? Name { get; init; }
    public string? Role { get; init; }
    public string? Language { get; init; }
    public List<string>? Teams { get; init; }
    public AgentSkills? Skills { get; init; }
    public Dictionary<string, int>? Capacity { get; init; }
    public string? Phone { get; init; }
    public string? TimeZone { get; init; }
    public Dictionary<string, List<WorkPeriod>>? Schedule { get; init; }
}

public sealed record PresenceRequest(string? Status);

public sealed record AgentLoad(string Channel, int Open, int Capacity);

public sealed record AgentResponse(
    string Email,
    string Name,
    string Role,
    bool Active,
    IReadOnlyList<string> Teams,
    AgentSkills Skills,
    IReadOnlyDictionary<string, int> Capacity,
    string? Phone,
    string TimeZone,
    IReadOnlyDictionary<string, List<WorkPeriod>> Schedule,
    string Presence,
    DateTime PresenceSince,
    bool OnShift,
    bool OnDuty);

public sealed record DutyEntry(string? Agent, DateTime? From, DateTime? To);

public sealed record DutyResponse(string Agent, string Name, DateTime From, DateTime To, bool Now);

/// <summary>Agents' profiles, presence and the on-duty roster: validation, storage, and telling the board.</summary>
public sealed partial class AgentAdmin(
    TouchpointDb db,
    UserAdmin users,
    TopicCatalog topics,
    RoutingBoard board,
    ConversationDesk desk,
    TimeProvider time,
    IOptions<StoreOptions> store,
    ILogger<AgentAdmin> logger)
{
    /// <summary>Chats and calls need someone there now: going offline hands them back (emails can wait for their owner).</summary>
    public static readonly IReadOnlyList<Channel> LiveChannels = [Channel.Chat, Channel.Phone, Channel.Callback];

    private static readonly string[] Weekdays = Enum.GetValues<DayOfWeek>().Select(d => d.ToString().ToLowerInvariant()).ToArray();

    public async Task<Validation> ValidateAsync(string email, AgentRequest? r, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(new EmailAddressAttribute().IsValid(email), "email", Texts.Ui("Valid.Agents.Email"));
        if (r is null)
        {
            return v.Add("body", Texts.Ui("Valid.Agents.Body"));
        }
        v.Require(r.Role is null || Roles.Normalize(r.Role) is not null, "role", Texts.Ui("Valid.OneOf", string.Join(", ", Roles.All)))
            .Require(r.Language is null || Languages.Supported.Contains(r.Language), "language", Texts.Ui("Valid.Language"))
            .Require((r.Name ?? "").Length <= 100, "name", Texts.Ui("Valid.MaxChars", 100));
        var teams = r.Teams ?? [];
        v.Require(teams.Count <= 20 && teams.All(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 40), "teams", Texts.Ui("Valid.Agents.Teams"));
        foreach (var topic in r.Skills?.Topics ?? [])
        {
            v.Require(await topics.ExistsAsync(topic, ct), "skills.topics", Texts.Ui("Valid.UnknownTopicQuoted", topic));
        }
        foreach (var language in r.Skills?.Languages ?? [])
        {
            v.Require(Languages.Supported.Contains(language), "skills.languages", Texts.Ui("Valid.UnknownLanguage", language));
        }
        var channels = Wire.Names<Channel>();
        foreach (var channel in r.Skills?.Channels ?? [])
        {
            v.Require(channels.Contains(channel), "skills.channels", Texts.Ui("Valid.Agents.Channel", channel, string.Join(", ", channels)));
        }
        foreach (var (channel, cap) in r.Capacity ?? [])
        {
            v.Require(channels.Contains(channel), "capacity", Texts.Ui("Valid.UnknownChannelQuoted", channel))
                .Require(cap is >= 0 and <= 500, "capacity", Texts.Ui("Valid.Agents.Capacity", channel));
        }
        v.Require(r.Phone is null || CustomerRules.ToE164(r.Phone, store.Value.Country) is not null, "phone", Texts.Ui("Valid.Agents.Phone"));
        var zone = r.TimeZone ?? store.Value.TimeZone;
        v.Require(TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _), "timeZone", Texts.Ui("Valid.UnknownTimeZone", zone));
        foreach (var (day, periods) in r.Schedule ?? [])
        {
            if (!Weekdays.Contains(day))
            {
                v.Add("schedule", Texts.Ui("Valid.Agents.Weekday", day));
                continue;
            }
            var valid = true;
            foreach (var p in periods ?? [])
            {
                var ok = IsTime(p?.From) && IsTime(p?.To) && string.CompareOrdinal(p!.From, p.To) < 0;
                v.Require(ok, $"schedule.{day}", Texts.Ui("Valid.Agents.Period"));
                valid &= ok;
            }
            // Checked here rather than left to the calendar's guard, whose message is neither translated nor meant for people.
            var ordered = valid ? (periods ?? []).OrderBy(p => p!.From, StringComparer.Ordinal).ToList() : [];
            for (var i = 1; i < ordered.Count; i++)
            {
                if (string.CompareOrdinal(ordered[i]!.From, ordered[i - 1]!.To) < 0)
                {
                    // The day as the reader says it ("Monday", "понедельник", "poniedziałek").
                    var dayName = Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var dow)
                        ? Languages.Culture(Languages.Current).DateTimeFormat.GetDayName(dow) : day;
                    v.Add("schedule", Texts.Ui("Valid.Agents.Overlap", dayName));
                    break;
                }
            }
        }
        if (v.IsValid && r.Schedule is { Count: > 0 })
        {
            try
            {
                new AgentProfile { UserId = "-", TimeZone = zone, Schedule = r.Schedule }.ScheduleCalendar();
            }
            catch (ArgumentException ex)
            {
                v.Add("schedule", ex.Message);
            }
        }
        return v;
    }

    private static bool IsTime(string? s) =>
        s == "24:00" || (s is { Length: 5 } && TimeOnly.TryParseExact(s, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));

    /// <summary>Creates or replaces an agent's profile (and the user when there is none: they get a password from an admin).</summary>
    public async Task<(AgentResponse Agent, bool Created)> SaveAsync(string email, AgentRequest r, CancellationToken ct)
    {
        var (user, role) = await users.EnsureAsync(email, r.Name, r.Role, r.Language, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var profile = await db.Set<AgentProfile>().FirstOrDefaultAsync(p => p.UserId == user.Id, ct);
        var created = profile is null;
        if (profile is null)
        {
            profile = new AgentProfile { UserId = user.Id, PresenceSince = now };
            db.Add(profile);
        }
        profile.Teams = (r.Teams ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        profile.Topics = (r.Skills?.Topics ?? []).Distinct().ToList();
        profile.Languages = (r.Skills?.Languages ?? []).Distinct().ToList();
        profile.Channels = (r.Skills?.Channels ?? []).Distinct().ToList();
        profile.Capacity = r.Capacity ?? [];
        profile.Phone = r.Phone is null ? null : CustomerRules.ToE164(r.Phone, store.Value.Country);
        profile.TimeZone = r.TimeZone ?? store.Value.TimeZone;
        profile.Schedule = r.Schedule ?? [];
        profile.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await board.RefreshAsync(ct, notify: true);
        return (ToResponse(board.Agent(user.Id)!, role, now), created);
    }

    /// <summary>Online, away or offline. Offline hands the agent's open chats, calls and callbacks back to the queue.</summary>
    public async Task<AgentResponse?> SetPresenceAsync(string userId, Presence presence, string actor, CancellationToken ct)
    {
        var profile = await db.Set<AgentProfile>().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (profile.Presence != presence)
        {
            profile.Presence = presence;
            profile.PresenceSince = now;
            profile.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            LogPresence(userId, presence);
            // Before handing back: a pass woken by the hand-back must already see them offline, or it gives the chats straight back.
            await board.RefreshAsync(ct);
        }
        if (presence == Presence.Offline)
        {
            var returned = await desk.ReturnToQueueAsync(userId, LiveChannels, RoutingReasons.AgentOffline, actor, ct);
            if (returned.Count > 0)
            {
                LogHandedBack(userId, returned.Count);
            }
        }
        await board.RefreshAsync(ct, notify: true);
        return ToResponse(board.Agent(userId)!, await users.RoleOfAsync(userId, ct), now);
    }

    public async Task<IReadOnlyList<AgentResponse>> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var roles = (await users.ListAsync(ct)).ToDictionary(u => u.Id, u => u.Role);
        return board.Agents.OrderBy(a => a.Name, StringComparer.CurrentCulture).Select(a => ToResponse(a, roles.GetValueOrDefault(a.UserId, ""), now)).ToList();
    }

    public async Task<AgentResponse?> GetAsync(string email, CancellationToken ct)
    {
        if (board.AgentByEmail(email) is not { } a)
        {
            await board.RefreshAsync(ct);
            if (board.AgentByEmail(email) is not { } again)
            {
                return null;
            }
            a = again;
        }
        return ToResponse(a, await users.RoleOfAsync(a.UserId, ct), time.GetUtcNow().UtcDateTime);
    }

    public IReadOnlyList<DutyResponse> Duty()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return board.Roster.Where(d => d.To > now).Select(d => board.Agent(d.UserId) is { } a
            ? new DutyResponse(a.Email, a.Name, d.From, d.To, d.From <= now && now < d.To)
            : null).OfType<DutyResponse>().ToList();
    }

    public Validation ValidateDuty(IReadOnlyList<DutyEntry>? entries)
    {
        var v = new Validation();
        if (entries is null)
        {
            return v.Add("body", Texts.Ui("Valid.Duty.Body"));
        }
        v.Require(entries.Count <= 2000, "body", Texts.Ui("Valid.Duty.Max"));
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            v.Require(e.Agent is not null && board.AgentByEmail(e.Agent) is not null, $"[{i}].agent", Texts.Ui("Valid.Duty.Agent", e.Agent))
                .Require(e.From is not null && e.To is not null && e.From < e.To, $"[{i}].from", Texts.Ui("Valid.Duty.Span"))
                .Require(e.From is null || e.To is null || e.To - e.From <= TimeSpan.FromDays(31), $"[{i}].to", Texts.Ui("Valid.Duty.Length"));
        }
        return v;
    }

    /// <summary>Replaces the roster from now on; past entries stay as the record of who covered.</summary>
    public async Task<IReadOnlyList<DutyResponse>> SaveDutyAsync(IReadOnlyList<DutyEntry> entries, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.WriteAsync(() => db.Set<DutyShift>().Where(d => d.To > now).ExecuteDeleteAsync(ct), ct);
        foreach (var e in entries)
        {
            db.Add(new DutyShift { UserId = board.AgentByEmail(e.Agent!)!.UserId, From = e.From!.Value.ToUniversalTime(), To = e.To!.Value.ToUniversalTime() });
        }
        await db.SaveChangesAsync(ct);
        await board.RefreshAsync(ct, notify: true);
        return Duty();
    }

    private AgentResponse ToResponse(AgentCard a, string role, DateTime now) => new(
        a.Email, a.Name, role, a.Active, a.Teams,
        new AgentSkills { Topics = [.. a.Topics.Order(StringComparer.Ordinal)], Languages = [.. a.Languages.Order(StringComparer.Ordinal)], Channels = [.. a.Channels.Order(StringComparer.Ordinal)] },
        a.Capacity, a.Phone, a.TimeZone, a.ScheduleSource, a.Presence.ToWire(), a.PresenceSince, a.OnShift(now), board.OnDuty(now).Contains(a.UserId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {UserId} is now {Presence}")]
    private partial void LogPresence(string userId, Presence presence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {UserId} went offline; {Count} live conversations went back to the queue")]
    private partial void LogHandedBack(string userId, int count);
}

public static class RoutingReasons
{
    public const string AgentOffline = "returned: agent went offline";
}
