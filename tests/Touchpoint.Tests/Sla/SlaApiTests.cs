using Touchpoint.Features.Demo;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Sla;

/// <summary>
/// SLA through the real API. Each test runs its own app (and database) with the clock set to a known working week,
/// since due times depend on the calendar and the sweeper must see only this test's conversations.
/// </summary>
public abstract partial class SlaApiTests(TouchpointApp fixture)
{

    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The year of the tests' March: the next one that starts on a Monday in a common year (2027, then 2038), so the
    /// weekdays, the February before and the clock change on the last Sunday are always the same. It stays in the
    /// future: the test's HTTP client, on the real clock, would drop a sign-in cookie that expired in its past.
    /// </summary>
    private static readonly int Y = Enumerable.Range(DateTime.UtcNow.Year, 40)
        .First(y => !DateTime.IsLeapYear(y) && new DateTime(y, 3, 1).DayOfWeek == DayOfWeek.Monday && new DateTime(y, 3, 1) > DateTime.UtcNow.AddDays(2));

    /// <summary>Monday 1 March <see cref="Y"/> in Warsaw (UTC+1, no clock change near).</summary>
    private static DateTime At(int day, int hour, int minute = 0, int second = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(Y, 3, day, hour, minute, second, DateTimeKind.Unspecified), Warsaw);

    private async Task<TouchpointApp> StartAsync(DateTime utc, string? sharedDatabase = null, params (string Key, string Value)[] settings)
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider, sharedDatabase).StartingAt(new DateTimeOffset(utc, TimeSpan.Zero));
        foreach (var (k, v) in settings)
        {
            app.With(k, v);
        }
        await app.InitializeAsync();
        return app;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<long> CreateAsync(HttpClient api, string channel = "email")
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel, subject = "Where is my parcel?", body = "It has not arrived.", acknowledge = false,
            customer = new { email = $"c-{Guid.NewGuid():N}@example.com", name = "Anna Nowak", language = "pl" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["number"]!.GetValue<long>();
    }

    private static async Task<JsonNode> TargetAsync(HttpClient api, long number, string target)
    {
        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        return c["sla"]!["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == target)!;
    }

    /// <summary>Reads until <paramref name="done"/> (at most 10 s): for work that follows a request in the background.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(50, Ct);
        }
    }

    private static DateTime Time(JsonNode? node) => node!.GetValue<DateTime>().ToUniversalTime();

    private static string[] ErrorKeys(JsonNode? problem) => problem!["errors"]!.AsObject().Select(kv => kv.Key).ToArray();

    [Fact]
    public async Task Calendars_and_policies_are_validated_and_stored()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var week = new Dictionary<string, object>
        {
            ["monday"] = new[] { new { from = "08:00", to = "12:00" }, new { from = "12:30", to = "16:00" } },
            ["saturday"] = new[] { new { from = "10:00", to = "14:00" } },
        };
        var (created, calendar) = await SendAsync(api, HttpMethod.Put, "/api/v1/sla/calendars/Warehouse", new { timeZone = "Europe/Moscow", week, holidays = new[] { $"{Y}-05-01" } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(2, calendar!["week"]!["monday"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, "/api/v1/sla/calendars/Warehouse", new { timeZone = "Europe/Moscow", week, holidays = Array.Empty<string>() })).Status);

        var (badTz, tzProblem) = await SendAsync(api, HttpMethod.Put, "/api/v1/sla/calendars/Bad", new { timeZone = "Mars/Olympus", week });
        Assert.Equal(HttpStatusCode.BadRequest, badTz);
        Assert.Contains("timeZone", ErrorKeys(tzProblem));
        var (overlap, overlapProblem) = await SendAsync(api, HttpMethod.Put, "/api/v1/sla/calendars/Bad", new
        {
            timeZone = "Europe/Warsaw",
            week = new Dictionary<string, object> { ["tuesday"] = new[] { new { from = "09:00", to = "13:00" }, new { from = "12:00", to = "18:00" } }, ["funday"] = Array.Empty<object>() },
            holidays = new[] { "2027-13-01" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, overlap);
        Assert.Equal(["holidays", "week.funday", "week.tuesday"], ErrorKeys(overlapProblem).Order().ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, "/api/v1/sla/calendars/Bad")).Status);

        var (badPolicy, policyProblem) = await SendAsync(api, HttpMethod.Put, "/api/v1/sla/policies/Broken", new
        {
            position = 5,
            conditions = new { channels = new[] { "fax" }, priorities = new[] { "critical" }, topics = new[] { "no_such_topic" } },
            targets = new object[]
            {
                new { target = "first_response", goalSeconds = -5 },
                new { target = "resolution", goalSeconds = 3600, limitSeconds = 60, calendar = "Nowhere" },
                new { target = "resolution", goalSeconds = 60 },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badPolicy);
        Assert.Equal(["conditions.channels", "conditions.priorities", "conditions.topics", "targets[0].goalSeconds", "targets[1].calendar", "targets[1].limitSeconds", "targets[2].target"],
            ErrorKeys(policyProblem).Order().ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, "/api/v1/sla/policies/Broken")).Status);

        var (policyCreated, policy) = await SendAsync(api, HttpMethod.Put, "/api/v1/sla/policies/Urgent%20warehouse", new
        {
            position = 1,
            conditions = new { channels = new[] { "email", "callback" }, priorities = new[] { "urgent" }, customerTags = new[] { "vip" } },
            targets = new object[] { new { target = "first_response", goalSeconds = 1800, limitSeconds = 7200, calendar = "Warehouse", warnBeforeSeconds = 600 } },
        });
        Assert.Equal(HttpStatusCode.Created, policyCreated);
        Assert.Equal("Warehouse", policy!["targets"]![0]!["calendar"]!.GetValue<string>());
        var list = (await Api.ReadAsync(await api.GetAsync("/api/v1/sla/policies", Ct)))!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Urgent warehouse", "Chat", "Callback", "Email and web form", "Other channels"], list);

        var (inUse, inUseProblem) = await SendAsync(api, HttpMethod.Delete, "/api/v1/sla/calendars/Warehouse");
        Assert.Equal(HttpStatusCode.Conflict, inUse);
        Assert.Equal("Calendar 'Warehouse' is used by Urgent warehouse; change those policies first.", inUseProblem!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(api, HttpMethod.Delete, "/api/v1/sla/policies/Urgent%20warehouse")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(api, HttpMethod.Delete, "/api/v1/sla/calendars/Warehouse")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Delete, "/api/v1/sla/calendars/Warehouse")).Status);
    }

    [Fact]
    public async Task An_email_conversation_is_due_within_one_business_hour_skipping_lunch()
    {
        await using var app = await StartAsync(At(1, 12, 30));
        var api = await app.ApiClientAsync();
        var number = await CreateAsync(api);
        var conversation = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal("Email and web form", conversation["sla"]!["policy"]!.GetValue<string>());
        var first = await TargetAsync(api, number, "first_response");
        Assert.Equal("running", first["state"]!.GetValue<string>());
        Assert.Equal(At(1, 14, 30), Time(first["dueAt"]));
        Assert.Equal(3600, first["goalSeconds"]!.GetValue<long>());
        Assert.Equal(86400, first["limitSeconds"]!.GetValue<long>());
        Assert.True(first["businessTime"]!.GetValue<bool>());
        Assert.Equal(At(1, 14, 30), Time(conversation["sla"]!["dueAt"]));

        // Queues sort by due time: a chat started later but due sooner comes first.
        app.Clock.SetUtcNow(At(1, 12, 40));
        var chat = await CreateAsync(api, "chat");
        var page = (await Api.ReadAsync(await api.GetAsync("/api/v1/conversations?status=new&sort=due", Ct)))!;
        Assert.Equal([chat, number], page["items"]!.AsArray().Select(i => i!["number"]!.GetValue<long>()).ToArray());
    }

    [Fact]
    public async Task Pending_pauses_the_clock_and_the_customers_message_resumes_it()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var number = await CreateAsync(api);
        app.Clock.SetUtcNow(At(1, 10, 20));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "pending" })).Status);
        var paused = await TargetAsync(api, number, "first_response");
        Assert.Equal("paused", paused["state"]!.GetValue<string>());
        Assert.Null(paused["dueAt"]);

        // Tuesday 10:00: the customer answers; 40 business minutes of the hour are left.
        app.Clock.SetUtcNow(At(2, 10));
        var landed = await app.InScopeAsync<ConversationDesk, Landed>(d => d.ReceiveAsync(new Inbound
        {
            Source = "test", Channel = Channel.Email, Email = "c@example.com", DefaultLanguage = "pl", Subject = "Re: parcel",
            Message = new NewMessage("Order 123."), ThreadByReference = number, Actor = "customer",
        }, Ct));
        Assert.Equal(number, landed.Number);
        var resumed = await TargetAsync(api, number, "first_response");
        Assert.Equal("running", resumed["state"]!.GetValue<string>());
        Assert.Equal(At(2, 10, 40), Time(resumed["dueAt"]));
    }

    [Fact]
    public async Task Editing_a_policy_or_a_calendar_moves_the_running_clocks()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var number = await CreateAsync(api);
        Assert.Equal(At(1, 11), Time((await TargetAsync(api, number, "first_response"))["dueAt"]));

        var (status, _) = await SendAsync(api, HttpMethod.Put, "/api/v1/sla/policies/Email%20and%20web%20form", new
        {
            position = 30, conditions = new { channels = new[] { "email", "web" } },
            targets = new object[] { new { target = "first_response", goalSeconds = 1800, limitSeconds = 86400, calendar = SlaDefaults.Calendar } },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        // The clocks follow after the edit's answer, in the background: the conversation shows the new goal soon after.
        var first = await EventuallyAsync(() => TargetAsync(api, number, "first_response"), t => t["goalSeconds"]!.GetValue<long>() == 1800);
        Assert.Equal((1800L, At(1, 10, 30)), (first["goalSeconds"]!.GetValue<long>(), Time(first["dueAt"])));

        // Monday becomes a holiday: the clock has not run at all, so the half hour starts on Tuesday at 09:00.
        var week = new Dictionary<string, object>();
        foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" })
        {
            week[day] = new[] { new { from = "09:00", to = "13:00" }, new { from = "14:00", to = "18:00" } };
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, "/api/v1/sla/calendars/Business%20hours",
            new { timeZone = "Europe/Warsaw", week, holidays = new[] { $"{Y}-03-01" } })).Status);
        var moved = await EventuallyAsync(() => TargetAsync(api, number, "first_response"), t => Time(t["dueAt"]) != At(1, 10, 30));
        Assert.Equal(At(2, 9, 30), Time(moved["dueAt"]));
    }

    [Fact]
    public async Task A_reply_in_time_achieves_first_response_once()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var number = await CreateAsync(api);
        app.Clock.SetUtcNow(At(1, 10, 30));
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "On its way." })).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Tracking: 123." })).Status);
        var first = await TargetAsync(api, number, "first_response");
        Assert.Equal("achieved", first["state"]!.GetValue<string>());
        Assert.Equal(1800, first["actualSeconds"]!.GetValue<long>());
        Assert.Equal("idle", (await TargetAsync(api, number, "next_response"))["state"]!.GetValue<string>());
        var outcomes = await app.InScopeAsync<TouchpointDb, List<SlaOutcome>>(db => db.Set<SlaOutcome>().Where(o => o.Number == number).ToListAsync(Ct));
        var outcome = Assert.Single(outcomes);
        Assert.Equal((SlaTargets.FirstResponse, true, 1800L, 3600L), (outcome.Target, outcome.Achieved, outcome.ActualSeconds!.Value, outcome.GoalSeconds));
    }

    [Fact]
    public async Task Each_sweep_measures_how_late_the_most_overdue_check_was()
    {
        await using var app = await StartAsync(At(1, 10));
        var number = await CreateAsync(await app.ApiClientAsync());
        var checkAt = await app.InScopeAsync<TouchpointDb, DateTime>(db => db.Set<Conversation>().Where(c => c.Number == number).Select(c => c.SlaCheckAt!.Value).SingleAsync(Ct));
        app.Clock.SetUtcNow(checkAt.AddMinutes(7));

        using var lag = new Measurements("touchpoint.sla.sweep.lag");
        await app.SweepSlaAsync();
        await app.SweepSlaAsync();

        // Seven minutes late (PostgreSQL keeps microseconds), then nothing due: the sweep caught up.
        Assert.Equal(2, lag.Values.Count);
        Assert.InRange(lag.Values[0], 7 * 60, 7 * 60 + 0.001);
        Assert.Equal(0, lag.Values[1]);
    }

    [Fact]
    public async Task The_sweeper_warns_once_records_one_breach_across_two_instances_and_escalates_past_the_limit()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var agent = $"agent-{Guid.NewGuid():N}@shop.test";
        var owner = $"owner-{Guid.NewGuid():N}@shop.test";
        await app.InScopeAsync<UserAdmin, object?>(async u => (await u.CreateAsync(new CreateUserRequest(agent, "Secret-2026", "Agent", "Ewa Agent", "en"), Ct)).User);
        await app.InScopeAsync<UserAdmin, object?>(async u => (await u.CreateAsync(new CreateUserRequest(owner, "Secret-2026", "ServiceOwner", "Piotr Owner", "pl"), Ct)).User);
        var number = await CreateAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { assignee = agent })).Status);
        await using var second = await StartAsync(app.Clock.GetUtcNow().UtcDateTime, app.Database);

        async Task SweepBothAsync(DateTime utc)
        {
            app.Clock.SetUtcNow(utc);
            second.Clock.SetUtcNow(utc);
            await Task.WhenAll(app.SweepSlaAsync("instance-a"), second.SweepSlaAsync("instance-b"), app.SweepSlaAsync("instance-a"));
            // A lease held by the other instance makes this one skip; sweep again once it has expired.
            app.Clock.SetUtcNow(utc.AddMinutes(2));
            second.Clock.SetUtcNow(utc.AddMinutes(2));
            await second.SweepSlaAsync("instance-b");
        }
        async Task<List<SlaAlert>> AlertsAsync() =>
            await app.InScopeAsync<TouchpointDb, List<SlaAlert>>(db => db.Set<SlaAlert>().Where(a => a.Number == number).OrderBy(a => a.CreatedAt).ToListAsync(Ct));
        async Task<List<OutboxMessage>> MailsAsync(string kind) =>
            await app.InScopeAsync<TouchpointDb, List<OutboxMessage>>(db => db.Set<OutboxMessage>().Where(m => m.Kind == kind).ToListAsync(Ct));

        await SweepBothAsync(At(1, 10, 30));
        Assert.Empty(await AlertsAsync());

        // 15 minutes before the goal: one warning, mailed to the assignee (English) and the service owner (Polish).
        await SweepBothAsync(At(1, 10, 46));
        await SweepBothAsync(At(1, 10, 50));
        var warning = Assert.Single(await AlertsAsync());
        Assert.Equal((SlaAlertKinds.Warning, SlaTargets.FirstResponse), (warning.Kind, warning.Target));
        var listed = (await Api.ReadAsync(await api.GetAsync("/api/v1/sla/alerts", Ct)))!.AsArray();
        Assert.Contains(listed, a => a!["number"]!.GetValue<long>() == number && a["kind"]!.GetValue<string>() == "warning" && a["assignee"]!["email"]!.GetValue<string>() == agent);
        var warningMails = await MailsAsync("sla.warning");
        Assert.Equal(2, warningMails.Count);
        Assert.Contains(warningMails, m => m.Recipient.Contains(agent, StringComparison.Ordinal) && m.Language == "en" && m.Title!.Contains($"#{number}", StringComparison.Ordinal));
        Assert.Contains(warningMails, m => m.Recipient.Contains(owner, StringComparison.Ordinal) && m.Language == "pl" && m.Title!.Contains("termin", StringComparison.Ordinal));

        // The goal passes at 11:00: exactly one breach, whichever instance saw it.
        await SweepBothAsync(At(1, 11, 1));
        await SweepBothAsync(At(1, 11, 10));
        var breaches = await app.InScopeAsync<TouchpointDb, List<SlaOutcome>>(db => db.Set<SlaOutcome>().Where(o => o.Number == number).ToListAsync(Ct));
        var breach = Assert.Single(breaches);
        Assert.Equal((SlaTargets.FirstResponse, false, At(1, 11)), (breach.Target, breach.Achieved, breach.DecidedAt));
        Assert.Equal(2, (await AlertsAsync()).Count);
        Assert.Equal("breached", (await TargetAsync(api, number, "first_response"))["state"]!.GetValue<string>());
        Assert.Equal(2, (await MailsAsync("sla.warning")).Count);

        // Someone is on duty on Thursday morning, online, to take what passes its hard limit.
        var duty = $"duty-{Guid.NewGuid():N}@shop.test";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{duty}", new
        {
            name = "Dorota Dyżurna", skills = new { topics = new[] { "other" }, languages = new[] { "pl" }, channels = new[] { "email" } },
            capacity = new Dictionary<string, int> { ["email"] = 5 },
        })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{duty}/presence", new { status = "online" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, "/api/v1/duty", new[] { new { agent = duty, from = DateTime.SpecifyKind(At(4, 8), DateTimeKind.Utc), to = DateTime.SpecifyKind(At(4, 18), DateTimeKind.Utc) } })).Status);
        await second.Get<Touchpoint.Features.Routing.RoutingBoard>().RefreshAsync(Ct);

        // The hard limit (24 business hours = Thursday 10:00) passes: priority up, the service owner told, once;
        // the conversation goes to the person on duty.
        await SweepBothAsync(At(4, 10, 1));
        await SweepBothAsync(At(4, 10, 30));
        var conversation = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal("high", conversation["priority"]!.GetValue<string>());
        Assert.Equal(duty, conversation["assignee"]?["email"]?.GetValue<string>());
        Assert.Equal(Touchpoint.Features.Routing.SlaEscalation.Reason, conversation["assignmentReason"]?.GetValue<string>());
        Assert.Contains(conversation["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "priority" && h["actor"]!.GetValue<string>() == SlaSweeper.Actor);
        var alerts = await AlertsAsync();
        Assert.Single(alerts, a => a.Kind == SlaAlertKinds.Limit && a.Target == SlaTargets.FirstResponse);
        var limitMails = (await MailsAsync("sla.limit")).Where(m => m.Title!.Contains($"#{number}", StringComparison.Ordinal)).ToList();
        Assert.Contains(limitMails, m => m.Recipient.Contains(owner, StringComparison.Ordinal) && m.Language == "pl" && m.Body.Contains("dyżurnego", StringComparison.Ordinal));
        Assert.Equal(1, limitMails.Count(m => m.Recipient.Contains(owner, StringComparison.Ordinal)));

        // The late answer completes the breach with its actual business time and records nothing new.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Sorry for the wait." })).Status);
        var completed = await app.InScopeAsync<TouchpointDb, SlaOutcome>(db => db.Set<SlaOutcome>().SingleAsync(o => o.Number == number && o.Target == SlaTargets.FirstResponse, Ct));
        Assert.False(completed.Achieved);
        Assert.Equal(24 * 3600 + 32 * 60, completed.ActualSeconds);
    }

    [Fact]
    public async Task The_demo_store_brings_weeks_of_results_for_the_report_once()
    {
        await using var app = await StartAsync(At(15, 10));
        var rows = await app.InScopeAsync<DemoSeeder, long>(async seeder =>
        {
            await seeder.EnsureAgentsAsync(Ct);
            return await seeder.SeedSlaHistoryAsync(30, Ct);
        });
        Assert.InRange(rows, 30 * 25, 30 * 25 * 4);

        var api = await app.ApiClientAsync();
        var report = (await Api.ReadAsync(await api.GetAsync($"/api/v1/reports/sla?from={Y}-02-13&to={Y}-03-15&groupBy=agent", Ct)))!;
        var first = report["totals"]!.AsArray().Single(m => m!["target"]!.GetValue<string>() == "first_response")!;
        var counted = first["achieved"]!.GetValue<int>() + first["breached"]!.GetValue<int>();
        Assert.InRange(counted, 700, 800);   // every made-up conversation has one first response: 30 days × 25
        Assert.InRange(first["compliance"]!.GetValue<double>(), 0.7, 0.92);
        // The demo team (four people who take conversations) and the unassigned.
        Assert.Equal(5, report["groups"]!.AsArray().Count);
        // Per agent over all targets, as Quality's bonus reads it: the report's agent rows summed (folded days included).
        var byAgent = await app.InScopeAsync<TouchpointDb, IReadOnlyDictionary<string, (int Achieved, int Breached)>>(db =>
            SlaReport.ComplianceByAgentAsync(db, Warsaw, new DateOnly(Y, 2, 13), new DateOnly(Y, 3, 15), Ct));
        var agentGroups = report["groups"]!.AsArray().Where(g => g!["key"]!.GetValue<string>() != "").ToList();
        Assert.Equal(agentGroups.Count, byAgent.Count);
        foreach (var g in agentGroups)
        {
            var metrics = g!["metrics"]!.AsArray();
            Assert.Equal((metrics.Sum(m => m!["achieved"]!.GetValue<int>()), metrics.Sum(m => m!["breached"]!.GetValue<int>())),
                byAgent[g["key"]!.GetValue<string>()]);
        }
        var days = report["days"]!.AsArray().Select(d => d!["day"]!.GetValue<string>()).ToList();
        Assert.Contains($"{Y}-02-14", days);
        Assert.Contains($"{Y}-03-14", days);
        Assert.All(days, d => Assert.InRange(d, $"{Y}-02-13", $"{Y}-03-15"));   // answers of yesterday's made-up conversations may land today

        // Folded already: a second run adds nothing (those days would never be counted).
        Assert.Equal(0, await app.InScopeAsync<DemoSeeder, long>(seeder => seeder.SeedSlaHistoryAsync(30, Ct)));
    }

    [Fact]
    public async Task The_report_gives_compliance_median_and_p90_for_a_known_set()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var numbers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            numbers.Add(await CreateAsync(api, "chat"));
        }
        // Chat: first response within 60 s, around the clock. Answers after 30, 45, 50, 90 and 200 seconds.
        var start = At(1, 10);
        foreach (var (number, seconds) in numbers.Zip([30, 45, 50, 90, 200]))
        {
            app.Clock.SetUtcNow(start.AddSeconds(seconds));
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Hi!" })).Status);
        }
        foreach (var groupBy in new[] { "channel", "policy", "agent", "team" })
        {
            var report = (await Api.ReadAsync(await api.GetAsync($"/api/v1/reports/sla?from={Y}-03-01&to={Y}-03-01&groupBy={groupBy}", Ct)))!;
            var group = Assert.Single(report["groups"]!.AsArray())!;
            Assert.Equal(groupBy switch { "channel" => "chat", "policy" => "Chat", "agent" => "", _ => SlaTeams.None }, group["key"]!.GetValue<string>());
            var m = group["metrics"]!.AsArray().Single(x => x!["target"]!.GetValue<string>() == "first_response")!;
            Assert.Equal((3, 2, 0.6, 50L, 200L), (m["achieved"]!.GetValue<int>(), m["breached"]!.GetValue<int>(), m["compliance"]!.GetValue<double>(),
                m["medianSeconds"]!.GetValue<long>(), m["p90Seconds"]!.GetValue<long>()));
            Assert.Equal([60L], m["goalSeconds"]!.AsArray().Select(g => g!.GetValue<long>()).ToArray());
        }
        var empty = (await Api.ReadAsync(await api.GetAsync($"/api/v1/reports/sla?from={Y}-02-01&to={Y}-02-28", Ct)))!;
        Assert.Empty(empty["groups"]!.AsArray());

        // Two days later the day is folded into the daily rollup: the counts stay exact, the percentiles within a bucket.
        app.Clock.SetUtcNow(At(3, 12));
        Assert.True(await app.InScopeAsync<SlaRollup, int>(r => r.RunAsync(Ct)) >= 1);
        var folded = (await Api.ReadAsync(await api.GetAsync($"/api/v1/reports/sla?from={Y}-03-01&to={Y}-03-03&groupBy=channel", Ct)))!;
        var fm = folded["groups"]![0]!["metrics"]!.AsArray().Single(x => x!["target"]!.GetValue<string>() == "first_response")!;
        Assert.Equal((3, 2), (fm["achieved"]!.GetValue<int>(), fm["breached"]!.GetValue<int>()));
        Assert.InRange(fm["medianSeconds"]!.GetValue<long>(), 49, 51);
        Assert.InRange(fm["p90Seconds"]!.GetValue<long>(), 195, 205);
        Assert.Contains(folded["days"]!.AsArray(), d => d!["day"]!.GetValue<string>() == $"{Y}-03-01" && d["achieved"]!.GetValue<int>() == 3);

        // Once March is over it is folded into one month row per value; a report over the month reads that row.
        app.Clock.SetUtcNow(At(31, 23).AddDays(2));
        await app.InScopeAsync<SlaRollup, int>(r => r.RunAsync(Ct));
        var monthRows = await app.InScopeAsync<TouchpointDb, List<SlaDaily>>(db => db.Set<SlaDaily>().Where(d => d.Dimension == "channel:month").ToListAsync(Ct));
        var march = Assert.Single(monthRows, r => r.Target == SlaTargets.FirstResponse);
        Assert.Equal((new DateOnly(Y, 3, 1), "chat", 3, 2), (march.Day, march.Value, march.Achieved, march.Breached));
        var monthly = (await Api.ReadAsync(await api.GetAsync($"/api/v1/reports/sla?from={Y}-03-01&to={Y}-04-01&groupBy=channel", Ct)))!;
        var mm = monthly["groups"]![0]!["metrics"]!.AsArray().Single(x => x!["target"]!.GetValue<string>() == "first_response")!;
        Assert.Equal((3, 2), (mm["achieved"]!.GetValue<int>(), mm["breached"]!.GetValue<int>()));
        Assert.InRange(mm["p90Seconds"]!.GetValue<long>(), 195, 205);

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/reports/sla?groupBy=mood")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, $"/api/v1/reports/sla?from={Y}-03-05&to={Y}-03-01")).Status);
    }

    [Fact]
    public async Task The_service_page_is_off_by_default_and_publishes_promises_with_results_when_enabled()
    {
        await using (var off = await StartAsync(At(1, 10)))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/service", Ct)).StatusCode);
        }
        await using var app = await StartAsync(At(1, 10), null, ("Touchpoint:Sla:PublishServicePage", "true"));
        var api = await app.ApiClientAsync();
        var number = await CreateAsync(api, "chat");
        app.Clock.SetUtcNow(At(1, 10, 0, 40));
        await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Hi!" });
        var client = app.CreateClient();
        var pl = await client.GetStringAsync("/service?lang=pl", Ct);
        Assert.Contains("Nasze obietnice obsługi", pl, StringComparison.Ordinal);
        Assert.Contains("w ciągu 1 godz.", pl, StringComparison.Ordinal);
        Assert.Contains("100%", pl, StringComparison.Ordinal);
        Assert.Contains("40 s", pl, StringComparison.Ordinal);
        var ru = await client.GetStringAsync("/service?lang=ru", Ct);
        Assert.Contains("Наши обещания по обслуживанию", ru, StringComparison.Ordinal);
        var en = await client.GetStringAsync("/service?lang=en", Ct);
        Assert.Contains("never over 24 h", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_owner_reads_validation_errors_in_their_language()
    {
        await using var app = await StartAsync(At(1, 10));
        var owner = await app.SignedInAsync("ServiceOwner");
        var bad = new
        {
            timeZone = "Mars/Olympus",
            week = new Dictionary<string, object> { ["tuesday"] = new[] { new { from = "09:00", to = "13:00" }, new { from = "12:00", to = "18:00" } } },
            holidays = new[] { "2027-13-01" },
        };
        async Task<JsonNode> PutAsync(string? acceptLanguage)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/sla/calendars/Bad") { Content = JsonContent.Create(bad, options: Api.Json) };
            if (acceptLanguage is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
            }
            var response = await owner.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await Api.ReadAsync(response))!;
        }
        static string Error(JsonNode problem, string field) => problem["errors"]![field]!.AsArray().Single()!.GetValue<string>();

        // English stays word for word what API clients have always read.
        var english = await PutAsync(null);
        Assert.Equal("One or more validation errors occurred.", english["title"]!.GetValue<string>());
        Assert.Equal("An IANA time zone id, e.g. Europe/Warsaw.", Error(english, "timeZone"));
        Assert.Equal("Periods 09:00–13:00 and 12:00–18:00 overlap.", Error(english, "week.tuesday"));
        Assert.Equal("'2027-13-01' is not a date (yyyy-MM-dd).", Error(english, "holidays"));

        var russian = await PutAsync("ru-RU,ru;q=0.9,en;q=0.5");
        Assert.Equal("Некоторые поля заполнены неверно.", russian["title"]!.GetValue<string>());
        Assert.Equal("Идентификатор часового пояса IANA, например Europe/Warsaw.", Error(russian, "timeZone"));
        Assert.Equal("Периоды 09:00–13:00 и 12:00–18:00 пересекаются.", Error(russian, "week.tuesday"));
        Assert.Equal("«2027-13-01» — не дата (yyyy-MM-dd).", Error(russian, "holidays"));

        // The language chosen in the workspace (the culture cookie) wins over the browser's.
        Assert.Equal(HttpStatusCode.Redirect, (await owner.GetAsync("/culture?lang=pl&returnUrl=/settings/sla", Ct)).StatusCode);
        var polish = await PutAsync("ru");
        Assert.Equal("Niektóre pola są wypełnione niepoprawnie.", polish["title"]!.GetValue<string>());
        Assert.Equal("Identyfikator strefy czasowej IANA, np. Europe/Warsaw.", Error(polish, "timeZone"));
        Assert.Equal("Okresy 09:00–13:00 i 12:00–18:00 nakładają się.", Error(polish, "week.tuesday"));
        Assert.Equal("„2027-13-01” nie jest datą (yyyy-MM-dd).", Error(polish, "holidays"));
        Assert.Equal(["holidays", "timeZone", "week.tuesday"], ErrorKeys(polish).Order(StringComparer.Ordinal).ToArray());

        var missing = (await Api.ReadAsync(await owner.GetAsync("/api/v1/sla/calendars/Nowhere", Ct)))!;
        Assert.Equal("Nie znaleziono", missing["title"]!.GetValue<string>());
        Assert.Equal("Nie ma kalendarza „Nowhere”.", missing["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_workspace_shows_countdowns_settings_and_the_report()
    {
        await using var app = await StartAsync(At(1, 10));
        var api = await app.ApiClientAsync();
        var late = await CreateAsync(api);
        app.Clock.SetUtcNow(At(1, 10, 50));
        var fresh = await CreateAsync(api);
        app.Clock.SetUtcNow(At(1, 11, 5));
        await app.SweepSlaAsync();
        var chat = await CreateAsync(api, "chat");
        app.Clock.SetUtcNow(At(1, 11, 5, 30));
        await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{chat}/messages", new { type = "reply", body = "Hi!" });
        var owner = await app.SignedInAsync("ServiceOwner");

        var queue = await owner.GetStringAsync("/conversations?queue=open", Ct);
        // Overdue first and red; the one due at 11:50 after it, running (44.5 minutes left).
        var lateRow = queue.IndexOf($"data-number=\"{late}\"", StringComparison.Ordinal);
        var freshRow = queue.IndexOf($"data-number=\"{fresh}\"", StringComparison.Ordinal);
        Assert.True(lateRow >= 0 && freshRow >= 0, "both conversations are in the open queue");
        Assert.True(lateRow < freshRow, "the overdue one comes first");
        Assert.Matches("tp-sla-cell tp-sla-breached[^>]*>\\s*5 min overdue", queue);
        Assert.Matches("tp-sla-cell tp-sla-running[^>]*>\\s*in 44 min", queue);

        var conversation = await owner.GetStringAsync($"/conversations/{late}", Ct);
        Assert.Contains("data-target=\"first_response\" data-state=\"breached\"", conversation, StringComparison.Ordinal);

        var settings = await owner.GetStringAsync("/settings/sla", Ct);
        Assert.Contains("data-policy=\"Email and web form\"", settings, StringComparison.Ordinal);
        Assert.Contains("Business hours", settings, StringComparison.Ordinal);

        var report = await owner.GetStringAsync("/reports/sla", Ct);
        Assert.Contains("data-total=\"first_response\"", report, StringComparison.Ordinal);
        Assert.Contains("data-group=\"Chat\"", report, StringComparison.Ordinal);
    }
}

public sealed class SlaApiSqliteTests(SqliteApp app) : SlaApiTests(app), IClassFixture<SqliteApp>;

public sealed class SlaApiPostgresTests(PostgresApp app) : SlaApiTests(app), IClassFixture<PostgresApp>;
