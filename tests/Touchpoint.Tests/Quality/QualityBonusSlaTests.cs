using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>
/// The bonus rule's SLA weight: set per month (400 outside 0..1), blended into the score used from the SLA outcomes of
/// the agent's conversations, kept with the month once approved; the agent filter. SQLite and PostgreSQL.
/// </summary>
public abstract class QualityBonusSlaTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static object Text(string en) => new { en, ru = en + " (ru)", pl = en + " (pl)" };

    private static async Task ReviewAsync(HttpClient api, string card, string reviewee, double greets)
    {
        var answers = new object[] { new { criterion = "greets", value = greets }, new { criterion = "no_lies", value = 1 } };
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", new { scorecard = card, reviewee, answers });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
    }

    private static JsonNode Row(JsonNode table, string agent) =>
        table["items"]!.AsArray().Single(r => string.Equals(r!["agent"]!.GetValue<string>(), agent, StringComparison.OrdinalIgnoreCase))!;

    /// <summary>SLA cycles of the agent's conversations, decided now: <paramref name="achieved"/> in time, <paramref name="breached"/> late.</summary>
    private Task OutcomesAsync(string agentId, int achieved, int breached) => App.InScopeAsync<TouchpointDb, int>(async db =>
    {
        var now = App.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < achieved + breached; i++)
        {
            db.Set<SlaOutcome>().Add(new SlaOutcome
            {
                ConversationId = Guid.NewGuid(), Number = 900_000 + i, Target = i % 2 == 0 ? SlaTargets.FirstResponse : SlaTargets.Resolution,
                Policy = "standard", Channel = Channel.Email, Topic = "returns", AssigneeId = agentId, GoalSeconds = 3600, Achieved = i < achieved,
                StartedAt = now.AddHours(-2), DecidedAt = now.AddMinutes(-1), ActualSeconds = 1800, CompletedAt = now.AddMinutes(-1),
            });
        }
        return await db.SaveChangesAsync(Ct);
    });

    [Fact]
    public async Task The_sla_weight_blends_compliance_and_an_approved_month_keeps_it()
    {
        var api = await App.ApiClientAsync();
        var card = $"bsla-{Guid.NewGuid():N}"[..20];
        var (put, putBody) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{card}", new
        {
            touchpoint = "support", name = Text("Bonus SLA card"),
            criteria = new object[]
            {
                new { key = "greets", section = "main", text = Text("Greets"), scale = "yes_no", weight = 1, allowNa = false, critical = false },
                new { key = "no_lies", section = "main", text = Text("No lies"), scale = "yes_no", weight = 1, allowNa = false, critical = true },
            },
        });
        Assert.True(put == HttpStatusCode.Created, putBody?.ToJsonString());
        var (agentClient, measured, measuredId) = await App.SignedInUserAsync("Agent");
        var unmeasured = await App.CreateUserAsync("Agent");
        await ReviewAsync(api, card, measured, 1);
        await ReviewAsync(api, card, measured, 0);
        await ReviewAsync(api, card, unmeasured.Email, 1);
        await OutcomesAsync(measuredId, achieved: 4, breached: 0);
        var local = TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw"));
        var period = local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var next = local.AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

        // Weight 0 (the default): the QA score alone, SLA compliance shown beside it.
        var (_, plain) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&pageSize=500");
        Assert.Equal(0, plain!["slaWeight"]!.GetValue<double>());
        var row = Row(plain, measured);
        Assert.Equal(75, row["qaScore"]!.GetValue<double>());
        Assert.Equal(100, row["slaCompliance"]!.GetValue<double>());
        Assert.Equal(75, row["score"]!.GetValue<double>());
        Assert.Equal(0, row["bonusPercent"]!.GetValue<int>());

        // Bad weights are 400 with the field named; only owners and the store's systems set it.
        foreach (var bad in new object[] { new { slaWeight = 1.5 }, new { slaWeight = -0.1 }, new { } })
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/bonus/{period}/rule", bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(problem!["errors"]!["slaWeight"]);
        }
        var (badPeriod, periodProblem) = await SendAsync(api, HttpMethod.Put, "/api/v1/quality/bonus/2026-13/rule", new { slaWeight = 0.5 });
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod);
        Assert.NotNull(periodProblem!["errors"]!["period"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Put, $"/api/v1/quality/bonus/{period}/rule", new { slaWeight = 0.5 })).Status);

        var (set, rule) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/bonus/{period}/rule", new { slaWeight = 0.6 });
        Assert.True(set == HttpStatusCode.OK, rule?.ToJsonString());
        Assert.Equal(0.6, rule!["slaWeight"]!.GetValue<double>());

        // 0.4 × 75 + 0.6 × 100 = 90 → 100 %; without SLA-measured conversations the QA score stands, and the reason says so.
        var (_, blended) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&pageSize=500");
        Assert.Equal(0.6, blended!["slaWeight"]!.GetValue<double>());
        row = Row(blended, measured);
        Assert.Equal(90, row["score"]!.GetValue<double>());
        Assert.Equal(75, row["qaScore"]!.GetValue<double>());
        Assert.Equal(0.6, row["slaWeight"]!.GetValue<double>());
        Assert.Equal(100, row["bonusPercent"]!.GetValue<int>());
        var alone = Row(blended, unmeasured.Email);
        Assert.Null(alone["slaCompliance"]);
        Assert.Equal(100, alone["score"]!.GetValue<double>());
        Assert.Contains("QA score alone", alone["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // The rule holds from its month on.
        var (_, later) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={next}");
        Assert.Equal(0.6, later!["slaWeight"]!.GetValue<double>());

        // The agent filter: reviewers narrow to one employee; an unknown address is 400; an agent sees their own whatever they ask.
        var (_, one) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&agent={Uri.EscapeDataString(unmeasured.Email)}");
        Assert.Equal(unmeasured.Email, Assert.Single(one!["items"]!.AsArray())!["agent"]!.GetValue<string>(), ignoreCase: true);
        var (unknown, unknownProblem) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&agent=nobody@shop.test");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.NotNull(unknownProblem!["errors"]!["agent"]);
        var (_, own) = await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&agent={Uri.EscapeDataString(unmeasured.Email)}");
        Assert.Equal(measured, Assert.Single(own!["items"]!.AsArray())!["agent"]!.GetValue<string>(), ignoreCase: true);

        // Approved: the month keeps the weight and numbers; a later weight or SLA breach changes nothing.
        var (approved, frozen) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/bonus/{period}/approve");
        Assert.True(approved == HttpStatusCode.Created, frozen?.ToJsonString());
        Assert.Equal(0.6, frozen!["slaWeight"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/bonus/{period}/rule", new { slaWeight = 0 })).Status);
        await OutcomesAsync(measuredId, achieved: 0, breached: 8);
        var (_, after) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&pageSize=500");
        Assert.True(after!["frozen"]!.GetValue<bool>());
        Assert.Equal(0.6, after["slaWeight"]!.GetValue<double>());
        row = Row(after, measured);
        Assert.Equal(90, row["score"]!.GetValue<double>());
        Assert.Equal(75, row["qaScore"]!.GetValue<double>());
        Assert.Equal(100, row["slaCompliance"]!.GetValue<double>());
        Assert.Equal(100, row["bonusPercent"]!.GetValue<int>());
        Assert.Contains("SLA weight 60", row["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var csv = await api.GetAsync($"/api/v1/quality/bonus?period={period}&format=csv", Ct);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("agent,score,bonusPercent,reason,qaScore,slaCompliance,slaWeight", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(measured + ",90.0,100,", StringComparison.OrdinalIgnoreCase) && l.EndsWith(",75.0,100.0,0.6", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(unmeasured.Email + ",100.0,100,", StringComparison.OrdinalIgnoreCase) && l.EndsWith(",100.0,,0.6", StringComparison.Ordinal));
    }
}

public sealed class QualityBonusSlaSqliteTests(SqliteApp app) : QualityBonusSlaTests(app), IClassFixture<SqliteApp>;

public sealed class QualityBonusSlaPostgresTests(PostgresApp app) : QualityBonusSlaTests(app), IClassFixture<PostgresApp>;
