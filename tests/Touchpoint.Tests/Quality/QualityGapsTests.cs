using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>The gaps report and the training plan through the real API, on SQLite and PostgreSQL.</summary>
public abstract class QualityGapsTests(TouchpointApp fixture)
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

    private static async Task<string> CardAsync(HttpClient api)
    {
        var key = $"gaps-{Guid.NewGuid():N}"[..20];
        var criteria = new object[]
        {
            new { key = "greets", section = "main", text = Text("Greets"), scale = "yes_no", weight = 1, allowNa = false, critical = false },
            new { key = "tone", section = "main", text = Text("Tone"), scale = "0_10", weight = 1, allowNa = true, critical = false, training = "https://kb.example/tone" },
            new { key = "procedure", section = "main", text = Text("Procedure"), scale = "1_5", weight = 1, allowNa = true, critical = false },
        };
        var (status, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{key}",
            new { touchpoint = "support", name = Text("Gaps card"), criteria });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        return key;
    }

    private static async Task AgentAsync(HttpClient api, string email, string team)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", new
        {
            name = "Agent", role = "Agent", teams = new[] { team },
            skills = new { topics = new[] { "other" }, languages = new[] { "en" }, channels = new[] { "email" } },
            capacity = new Dictionary<string, int> { ["email"] = 2 }, timeZone = "Europe/Warsaw",
        });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
    }

    private static async Task ReviewAsync(HttpClient api, string card, string reviewee, double greets, double? tone, double? procedure)
    {
        var answers = new object[]
        {
            new { criterion = "greets", value = greets }, new { criterion = "tone", value = tone }, new { criterion = "procedure", value = procedure },
        };
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", new { scorecard = card, reviewee, answers });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
    }

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Gaps_rank_a_teams_criteria_by_pass_rate_in_the_readers_language()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var team = $"team-{Guid.NewGuid():N}"[..16];
        var anna = $"anna-{Guid.NewGuid():N}@example.test";
        var boris = $"boris-{Guid.NewGuid():N}@example.test";
        await AgentAsync(api, anna, team);
        await AgentAsync(api, boris, team);
        var outsider = await App.CreateUserAsync("Agent");
        var start = App.Clock.GetUtcNow().AddMinutes(-1);
        // greets 2/3 pass; tone 8 passes, 7 fails, N/A left out → 1/2; procedure 5 passes, 4 (0.75) and 1 fail → 1/3.
        await ReviewAsync(api, card, anna, 1, 8, 5);
        await ReviewAsync(api, card, anna, 0, 7, 4);
        await ReviewAsync(api, card, boris, 1, null, 1);
        await ReviewAsync(api, card, outsider.Email, 0, 0, 1);
        var end = App.Clock.GetUtcNow().AddMinutes(1);

        var (status, gaps) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reports/gaps?from={Q(start)}&to={Q(end)}&team={team}");
        Assert.True(status == HttpStatusCode.OK, gaps?.ToJsonString());
        var items = gaps!["items"]!.AsArray().Where(i => i!["scorecard"]!.GetValue<string>() == card).ToList();
        Assert.Equal(["procedure", "tone", "greets"], items.Select(i => i!["criterion"]!.GetValue<string>()));
        Assert.Equal(0.333, items[0]!["passRate"]!.GetValue<double>());
        Assert.Equal(0.5, items[1]!["passRate"]!.GetValue<double>());
        Assert.Equal(2, items[1]!["answers"]!.GetValue<int>());
        Assert.Equal("Tone", items[1]!["text"]!.GetValue<string>());
        Assert.Equal("https://kb.example/tone", items[1]!["training"]!.GetValue<string>());
        Assert.Equal(0.667, items[2]!["passRate"]!.GetValue<double>());

        var (reviewer, _, _) = await App.SignedInUserAsync("Auditor");
        var (_, polish) = await SendAsync(reviewer, HttpMethod.Get, $"/api/v1/quality/reports/gaps?from={Q(start)}&to={Q(end)}&team={team}&lang=pl");
        Assert.Contains(polish!["items"]!.AsArray(), i => i!["text"]!.GetValue<string>() == "Tone (pl)");

        // Without the team, the outsider's answers count: tone is now 1 of 3.
        var (_, all) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reports/gaps?from={Q(start)}&to={Q(end)}&touchpoint=support&limit=500");
        var tone = all!["items"]!.AsArray().Single(i => i!["scorecard"]!.GetValue<string>() == card && i["criterion"]!.GetValue<string>() == "tone");
        Assert.Equal(3, tone!["answers"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/reports/gaps?touchpoint=kitchen")).Status);
        var (badRange, problem) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reports/gaps?from={Q(end)}&to={Q(start)}");
        Assert.Equal(HttpStatusCode.BadRequest, badRange);
        Assert.NotNull(problem!["errors"]!["to"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/reports/gaps?limit=0")).Status);
    }

    [Fact]
    public async Task The_training_plan_names_the_weakest_criteria_and_whether_they_improved()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var (agentClient, agentEmail, _) = await App.SignedInUserAsync("Agent");
        var other = await App.CreateUserAsync("Agent");
        var t0 = App.Clock.GetUtcNow();
        await ReviewAsync(api, card, agentEmail, 1, 2, 2);
        await ReviewAsync(api, card, agentEmail, 1, 9, 1);
        await ReviewAsync(api, card, other.Email, 0, 0, 1);
        App.Clock.Advance(TimeSpan.FromHours(2));
        await ReviewAsync(api, card, agentEmail, 1, 10, 1);
        var from = t0.AddHours(-1);
        var to = t0.AddHours(1);

        var (status, plan) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reports/training?agent={Uri.EscapeDataString(agentEmail)}&from={Q(from)}&to={Q(to)}");
        Assert.True(status == HttpStatusCode.OK, plan?.ToJsonString());
        Assert.Equal(agentEmail, plan!["agent"]!.GetValue<string>(), ignoreCase: true);
        var items = plan["items"]!.AsArray();
        // greets always passed: not in the plan. procedure 0/2, tone 1/2.
        Assert.Equal(["procedure", "tone"], items.Select(i => i!["criterion"]!.GetValue<string>()));
        Assert.Equal(0, items[0]!["passRate"]!.GetValue<double>());
        Assert.Equal(0, items[0]!["nextPassRate"]!.GetValue<double>());
        Assert.False(items[0]!["improved"]!.GetValue<bool>());
        Assert.Equal(1, items[1]!["nextPassRate"]!.GetValue<double>());
        Assert.True(items[1]!["improved"]!.GetValue<bool>());
        Assert.Equal("https://kb.example/tone", items[1]!["training"]!.GetValue<string>());

        // The agent sees their own plan without naming themselves; anyone else's is 403, asked for an address or not.
        var (ownStatus, own) = await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/reports/training?from={Q(from)}&to={Q(to)}");
        Assert.Equal(HttpStatusCode.OK, ownStatus);
        Assert.Equal(2, own!["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/reports/training?agent={Uri.EscapeDataString(other.Email)}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/reports/training?agent=nobody%40example.test")).Status);
        // An agent's gaps are their own answers only.
        var (_, agentGaps) = await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/reports/gaps?from={Q(from)}&to={Q(to)}");
        var greets = agentGaps!["items"]!.AsArray().Single(i => i!["scorecard"]!.GetValue<string>() == card && i["criterion"]!.GetValue<string>() == "greets");
        Assert.Equal(1, greets!["passRate"]!.GetValue<double>());

        var (missing, problem) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/reports/training");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.NotNull(problem!["errors"]!["agent"]);
        var (unknown, unknownProblem) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/reports/training?agent=nobody%40example.test");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.NotNull(unknownProblem!["errors"]!["agent"]);
    }
}

public sealed class QualityGapsSqliteTests(SqliteApp app) : QualityGapsTests(app), IClassFixture<SqliteApp>;

public sealed class QualityGapsPostgresTests(PostgresApp app) : QualityGapsTests(app), IClassFixture<PostgresApp>;
