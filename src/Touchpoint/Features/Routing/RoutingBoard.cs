using Touchpoint.Platform.Calendar;
using Touchpoint.Platform.Jobs;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Routing;

/// <summary>An agent as routing holds them in memory: profile, login details, compiled schedule.</summary>
public sealed record AgentCard(
    string UserId,
    string Email,
    string Name,
    bool Active,
    IReadOnlyList<string> Teams,
    IReadOnlySet<string> Topics,
    IReadOnlySet<string> Languages,
    IReadOnlySet<string> Channels,
    IReadOnlyDictionary<string, int> Capacity,
    string? Phone,
    string TimeZone,
    BusinessCalendar? Schedule,
    IReadOnlyDictionary<string, List<WorkPeriod>> ScheduleSource,
    Presence Presence,
    DateTime PresenceSince)
{
    /// <summary>Inside a period of the weekly schedule (no schedule: whenever they are online).</summary>
    public bool OnShift(DateTime nowUtc) => Schedule?.IsOpen(nowUtc) ?? true;

    public bool InTeam(string team) => Teams.Contains(team, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Someone to ring, for how long.</summary>
public sealed record RingTarget(string Agent, string Number, int TimeoutSeconds, string Reason);

/// <summary>The answer to a ringing call: ring these in order, then the fallback (<c>voicemail</c> or <c>queue</c>).</summary>
public sealed record RingPlan(IReadOnlyList<RingTarget> Targets, string Fallback, Guid? CustomerId, string? CustomerLanguage);

/// <summary>A customer as calls need them: who they are by phone number, their language, their account manager.</summary>
public sealed record KnownCaller(Guid CustomerId, string Language, string? AccountManagerId);

/// <summary>
/// Routing's memory: agents (profile, presence, schedule), the on-duty roster, calls in progress, idle times and
/// customers by phone number with their account managers. Refreshed in the background (agents every few seconds,
/// customers incrementally), so decisions — above all the ringing answer — never wait on the database.
/// </summary>
public sealed partial class RoutingBoard(IServiceScopeFactory scopes, TimeProvider time, IOptions<RoutingOptions> options, ILogger<RoutingBoard> logger) : IAgentTeams
{
    private volatile IReadOnlyDictionary<string, AgentCard> _agents = new Dictionary<string, AgentCard>();
    private volatile IReadOnlyList<DutyShift> _duty = [];
    private readonly ConcurrentDictionary<string, KnownCaller> _byPhone = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, string[]> _phonesOf = new();
    private readonly ConcurrentDictionary<string, int> _onCall = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _idleSince = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private DateTime _customersSeenUntil = DateTime.MinValue;
    private static readonly TimeSpan CommitLag = TimeSpan.FromSeconds(30);

    /// <summary>Raised when something that frees or adds capacity changed here (presence, profile, roster).</summary>
    public event Action? Changed;

    public IReadOnlyCollection<AgentCard> Agents => (IReadOnlyCollection<AgentCard>)_agents.Values;

    public AgentCard? Agent(string userId) => _agents.GetValueOrDefault(userId);

    public AgentCard? AgentByEmail(string email) => _agents.Values.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<DutyShift> Roster => _duty;

    public string? TeamOf(string agentId) => Agent(agentId) is { Teams.Count: > 0 } a ? a.Teams[0] : null;

    public int CallsInProgress(string userId) => _onCall.GetValueOrDefault(userId);

    public KnownCaller? Caller(string e164) => _byPhone.GetValueOrDefault(e164);

    /// <summary>The people on duty at <paramref name="nowUtc"/> by the roster.</summary>
    public IReadOnlySet<string> OnDuty(DateTime nowUtc) => _duty.Where(d => d.From <= nowUtc && nowUtc < d.To).Select(d => d.UserId).ToHashSet(StringComparer.Ordinal);

    public DateTime IdleSince(string userId) => _idleSince.TryGetValue(userId, out var t) ? t : _agents.GetValueOrDefault(userId)?.PresenceSince ?? DateTime.MinValue;

    public void MarkBusy(string userId, DateTime nowUtc) => _idleSince[userId] = nowUtc;

    public void CallStarted(string userId, DateTime nowUtc)
    {
        _onCall.AddOrUpdate(userId, 1, (_, n) => n + 1);
        MarkBusy(userId, nowUtc);
    }

    public void CallEnded(string userId, DateTime nowUtc)
    {
        _onCall.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
        MarkBusy(userId, nowUtc);
        Changed?.Invoke();
    }

    /// <summary>What <see cref="Router"/> decides over: every active agent with a profile, with the loads given.</summary>
    public IReadOnlyList<AgentState> States(DateTime nowUtc, IReadOnlyDictionary<string, Dictionary<string, int>> loads) =>
        _agents.Values.Where(a => a.Active).Select(a => new AgentState
        {
            Id = a.UserId,
            Presence = a.Presence,
            OnShift = a.OnShift(nowUtc),
            Topics = a.Topics,
            Languages = a.Languages,
            Channels = a.Channels,
            Capacity = a.Capacity,
            Load = loads.TryGetValue(a.UserId, out var l) ? l : new Dictionary<string, int>(),
            IdleSince = IdleSince(a.UserId),
        }).ToList();

    /// <summary>
    /// Whom to ring for a call from <paramref name="callerE164"/>: the caller's account manager, then whoever is on duty,
    /// then the phone group (matching the caller's language when known), least busy and longest idle first. Each must be
    /// online, on shift (the on-duty roster overrides the schedule), not on another call and have a number. From memory only.
    /// </summary>
    /// <param name="languageGuess">
    /// For a caller with no customer record: the language their number suggests. The phone group's speakers of it are
    /// rung first and the rest of the group after them — a guess is not a customer's word, and must not leave the phone
    /// unanswered while someone is free.
    /// </param>
    public RingPlan PlanCall(string? callerE164, DateTime nowUtc, string? languageGuess = null)
    {
        var o = options.Value;
        var caller = callerE164 is null ? null : Caller(callerE164);
        var targets = new List<RingTarget>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(AgentCard a, int timeout, string reason)
        {
            if (seen.Add(a.UserId) && targets.Count < o.MaxRingTargets)
            {
                targets.Add(new RingTarget(a.Email, a.Phone!, timeout, reason));
            }
        }
        bool Free(AgentCard a) => a.Active && a.Presence == Presence.Online && a.Phone is not null && CallsInProgress(a.UserId) == 0;

        if (caller?.AccountManagerId is { } managerId && Agent(managerId) is { } manager && Free(manager) && manager.OnShift(nowUtc))
        {
            Add(manager, o.AccountManagerRingSeconds, "account manager");
        }
        var duty = OnDuty(nowUtc);
        foreach (var a in _agents.Values.Where(a => duty.Contains(a.UserId) && Free(a)).OrderBy(a => IdleSince(a.UserId)).ThenBy(a => a.UserId, StringComparer.Ordinal))
        {
            Add(a, o.RingSeconds, "on duty");
        }
        var phoneGroup = _agents.Values.Where(a => a.Channels.Contains("phone") && a.OnShift(nowUtc)).ToList();
        var language = caller?.Language ?? languageGuess;
        bool Speaks(AgentCard a) => language is not null && (a.Languages.Count == 0 || a.Languages.Contains(language));
        foreach (var a in phoneGroup.Where(a => Free(a) && (caller is null || Speaks(a)))
                     .OrderBy(a => Speaks(a) ? 0 : 1).ThenBy(a => IdleSince(a.UserId)).ThenBy(a => a.UserId, StringComparer.Ordinal))
        {
            Add(a, o.RingSeconds, Speaks(a) ? $"phone group/{language}" : "phone group");
        }
        var someoneBusy = phoneGroup.Any(a => a.Active && a.Presence == Presence.Online && CallsInProgress(a.UserId) > 0);
        return new RingPlan(targets, someoneBusy ? "queue" : "voicemail", caller?.CustomerId, caller?.Language);
    }

    /// <summary>Reads agents and the roster again (small tables); customers only where they changed since the last read.</summary>
    public async Task RefreshAsync(CancellationToken ct, bool notify = false)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            await LoadAgentsAsync(db, ct);
            await LoadCustomersAsync(db, ct);
        }
        finally
        {
            _refreshing.Release();
        }
        if (notify)
        {
            Changed?.Invoke();
        }
    }

    private async Task LoadAgentsAsync(TouchpointDb db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await (from p in db.Set<AgentProfile>().AsNoTracking()
                          join u in db.Set<TouchpointUser>().AsNoTracking() on p.UserId equals u.Id
                          select new { Profile = p, u.Email, u.DisplayName, u.IsActive }).ToListAsync(ct);
        var agents = new Dictionary<string, AgentCard>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var p = r.Profile;
            BusinessCalendar? schedule;
            try
            {
                schedule = p.ScheduleCalendar();
            }
            catch (Exception ex) when (ex is ArgumentException or TimeZoneNotFoundException or FormatException)
            {
                // Stored profiles are validated; a time zone the machine lost must not take routing down.
                LogBadSchedule(ex, p.UserId);
                schedule = null;
            }
            agents[p.UserId] = new AgentCard(p.UserId, r.Email ?? p.UserId, r.DisplayName == "" ? r.Email ?? p.UserId : r.DisplayName, r.IsActive,
                p.Teams, p.Topics.ToHashSet(StringComparer.Ordinal), p.Languages.ToHashSet(StringComparer.Ordinal), p.Channels.ToHashSet(StringComparer.Ordinal),
                p.Capacity, p.Phone, p.TimeZone, schedule, p.Schedule, p.Presence, p.PresenceSince);
        }
        _agents = agents;
        _duty = await db.Set<DutyShift>().AsNoTracking().Where(d => d.To > now.AddDays(-1)).OrderBy(d => d.From).ToListAsync(ct);
    }

    private async Task LoadCustomersAsync(TouchpointDb db, CancellationToken ct)
    {
        var since = _customersSeenUntil;
        var readAt = time.GetUtcNow().UtcDateTime;
        // Strictly after the watermark: with ">=", every customer sharing the newest timestamp (a bulk import stamps
        // 100,000 alike) was read again on every refresh — seconds of CPU each time, under the ringing decisions.
        var changed = await db.Set<Customer>().AsNoTracking()
            .Where(c => c.UpdatedAt > since && (since != DateTime.MinValue || c.Phone != null || c.AccountManagerId != null || c.Phones.Any()))
            .Select(c => new { c.Id, c.Phone, c.Language, c.AccountManagerId, c.ErasedAt, c.UpdatedAt, Phones = c.Phones.Select(p => p.Number).ToList() })
            .ToListAsync(ct);
        var newest = since;
        foreach (var c in changed)
        {
            newest = c.UpdatedAt > newest ? c.UpdatedAt : newest;
            if (_phonesOf.TryRemove(c.Id, out var old))
            {
                foreach (var number in old)
                {
                    if (_byPhone.TryGetValue(number, out var k) && k.CustomerId == c.Id)
                    {
                        _byPhone.TryRemove(number, out _);
                    }
                }
            }
            if (c.ErasedAt is not null)
            {
                continue;
            }
            var numbers = (c.Phone is null ? c.Phones : c.Phones.Prepend(c.Phone)).Distinct(StringComparer.Ordinal).ToArray();
            var known = new KnownCaller(c.Id, c.Language, c.AccountManagerId);
            foreach (var number in numbers)
            {
                _byPhone[number] = known;
            }
            _phonesOf[c.Id] = numbers;
        }
        // A change committed late (its timestamp taken before this read, its commit after) must still be seen: the
        // watermark stays a little behind the read, so the last moments are read again next time (a few rows).
        _customersSeenUntil = newest < readAt - CommitLag ? newest : readAt - CommitLag > since ? readAt - CommitLag : since;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {UserId} has a schedule that cannot be used; treated as no fixed hours")]
    private partial void LogBadSchedule(Exception ex, string userId);
}

/// <summary>Keeps the board fresh: agents and roster every few seconds in each instance, changed customers as they change.</summary>
public sealed class RoutingBoardRefresher(RoutingBoard board, IServiceScopeFactory scopes, TimeProvider time, IOptions<RoutingOptions> options, ILogger<RoutingBoardRefresher> logger)
    : PeriodicJob(scopes, time, logger)
{
    public override string Name => "routing.board-refresh";

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    /// <summary>Each instance keeps its own board.</summary>
    protected override bool Leased => false;

    /// <summary>
    /// A refresh cadence in wall-clock time, not business time: a test clock that jumps months ahead must not replay a
    /// refresh for every five seconds it skipped.
    /// </summary>
    protected override TimeProvider Cadence => TimeProvider.System;

    protected override TimeSpan MaxBackoff => TimeSpan.FromMinutes(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first calls after a start must already find the agents and customers.
        await board.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        await board.RefreshAsync(ct, notify: true);
        return 0;
    }
}
