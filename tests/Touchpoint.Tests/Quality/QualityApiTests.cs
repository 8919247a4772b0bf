using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>Scorecards, reviews and the reports through the real API, on SQLite and PostgreSQL.</summary>
public abstract class QualityApiTests(TouchpointApp fixture)
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

    private static object Card(params object[] criteria) => new { touchpoint = "support", name = Text("Test card"), criteria };

    private static object Criterion(string key, string scale, double weight = 1, bool allowNa = false, bool critical = false) =>
        new { key, section = "main", text = Text("Criterion " + key), scale, weight, allowNa, critical };

    private static readonly object[] Standard =
    [
        Criterion("greets", "yes_no"), Criterion("procedure", "1_5", 2, allowNa: true), Criterion("tone", "0_10"),
        Criterion("no_lies", "yes_no", critical: true),
    ];

    private static async Task<string> CardAsync(HttpClient api)
    {
        var key = $"card-{Guid.NewGuid():N}"[..20];
        var (status, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{key}", Card(Standard));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1, body!["version"]!.GetValue<int>());
        return key;
    }

    private static object Answers(double? greets = 1, double? procedure = 4, double? tone = 8, double? noLies = 1) => new object[]
    {
        new { criterion = "greets", value = greets }, new { criterion = "procedure", value = procedure },
        new { criterion = "tone", value = tone }, new { criterion = "no_lies", value = noLies, comment = "checked" },
    };

    private static async Task<JsonNode> ReviewAsync(HttpClient api, string card, string reviewee, object answers, long? conversation = null)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", new { scorecard = card, conversation, reviewee, answers });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }

    [Fact]
    public async Task The_shipped_scorecards_exist_in_three_languages()
    {
        var api = await App.ApiClientAsync();
        foreach (var key in new[] { "sales", "support", "warehouse" })
        {
            var (status, body) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/scorecards/{key}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(key, body!["touchpoint"]!.GetValue<string>());
            Assert.True(body["version"]!.GetValue<int>() >= 1);
            foreach (var c in body["criteria"]!.AsArray())
            {
                Assert.All(new[] { "en", "ru", "pl" }, l => Assert.False(string.IsNullOrWhiteSpace(c!["text"]![l]!.GetValue<string>())));
            }
        }
        var (_, support) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/scorecards/support");
        Assert.Contains(support!["criteria"]!.AsArray(), c => c!["key"]!.GetValue<string>() == "personal_data" && c["critical"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/scorecards/none-such")).Status);
    }

    [Fact]
    public async Task A_review_is_scored_and_answered_with_its_version()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var agent = await App.CreateUserAsync("Agent");
        // 100 × (1×1 + 2×0.75 + 1×0.8 + 1×1) / 5 = 86
        var review = await ReviewAsync(api, card, agent.Email, Answers());
        Assert.Equal(86, review["score"]!.GetValue<double>());
        Assert.False(review["criticalFailed"]!.GetValue<bool>());
        Assert.Equal(1, review["scorecardVersion"]!.GetValue<int>());
        Assert.NotNull(review["id"]);

        // N/A leaves procedure out: 100 × (1 + 0.8 + 1) / 3 = 93.3
        Assert.Equal(93.3, (await ReviewAsync(api, card, agent.Email.ToUpperInvariant(), Answers(procedure: null)))["score"]!.GetValue<double>());

        var failed = await ReviewAsync(api, card, agent.Email, Answers(noLies: 0));
        Assert.Equal(0, failed["score"]!.GetValue<double>());
        Assert.True(failed["criticalFailed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Editing_a_scorecard_with_reviews_makes_a_new_version_and_old_reviews_keep_theirs()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        // No review yet: the change replaces version 1.
        var (same, v1) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{card}", Card(Standard));
        Assert.Equal(HttpStatusCode.OK, same);
        Assert.Equal(1, v1!["version"]!.GetValue<int>());

        var agent = await App.CreateUserAsync("Agent");
        var first = await ReviewAsync(api, card, agent.Email, Answers());
        var (changed, v2) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{card}", Card([.. Standard, Criterion("extra", "1_3")]));
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal(2, v2!["version"]!.GetValue<int>());

        var (_, old) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/scorecards/{card}?version=1");
        Assert.Equal(4, old!["criteria"]!.AsArray().Count);
        Assert.True(old["hasReviews"]!.GetValue<bool>());
        var (_, latest) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/scorecards/{card}");
        Assert.Equal(2, latest!["version"]!.GetValue<int>());

        // The new version needs the new criterion; the old review still says version 1.
        var (missing, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", new { scorecard = card, reviewee = agent.Email, answers = Answers() });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains("extra", problem!["errors"]!["answers"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var answers = ((object[])Answers()).Append(new { criterion = "extra", value = (double?)3 }).ToArray();
        Assert.Equal(2, (await ReviewAsync(api, card, agent.Email, answers))["scorecardVersion"]!.GetValue<int>());

        var (_, list) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reviews?reviewee={Uri.EscapeDataString(agent.Email)}");
        var items = list!["items"]!.AsArray();
        Assert.Equal([2, 1], items.Select(i => i!["scorecardVersion"]!.GetValue<int>()));
        Assert.Equal(first["id"]!.GetValue<string>(), items[1]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_reviews_are_400_naming_the_field()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var agent = await App.CreateUserAsync("Agent");
        var auditor = await App.CreateUserAsync("Auditor");

        async Task ExpectAsync(object body, string field)
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem!["errors"]![field] is not null, $"{field} not in {problem.ToJsonString()}");
        }

        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = Answers(tone: 11) }, "answers[2].value");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = Answers(greets: 2) }, "answers[0].value");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = Answers(procedure: 0) }, "answers[1].value");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = Answers(greets: null) }, "answers[0].value");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = new[] { new { criterion = "nope", value = 1 } } }, "answers[0].criterion");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = new[] { new { criterion = "greets", value = 1 } } }, "answers");
        await ExpectAsync(new { scorecard = card, reviewee = auditor.Email, answers = Answers() }, "reviewee");
        await ExpectAsync(new { scorecard = card, reviewee = "nobody@shop.test", answers = Answers() }, "reviewee");
        await ExpectAsync(new { scorecard = "no-card", reviewee = agent.Email, answers = Answers() }, "scorecard");
        await ExpectAsync(new { scorecard = card, conversation = 999_999_999L, reviewee = agent.Email, answers = Answers() }, "conversation");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = Answers(), mood = "x" }, "mood");
        await ExpectAsync(new { scorecard = card, reviewee = agent.Email, answers = Answers(greets: null, procedure: null, tone: null, noLies: null) }, "answers[0].value");
    }

    [Fact]
    public async Task Bad_scorecards_are_400_naming_the_field()
    {
        var api = await App.ApiClientAsync();

        async Task ExpectAsync(string key, object body, string field)
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{key}", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem!["errors"]![field] is not null, $"{field} not in {problem.ToJsonString()}");
        }

        await ExpectAsync("Bad Key", Card(Standard), "key");
        await ExpectAsync("ok", new { touchpoint = "kitchen", name = Text("x"), criteria = Standard }, "touchpoint");
        await ExpectAsync("ok", new { touchpoint = "sales", name = new { en = "x" }, criteria = Standard }, "name.ru");
        await ExpectAsync("ok", Card(Criterion("a", "1_7")), "criteria[0].scale");
        await ExpectAsync("ok", Card(Criterion("a", "1_5", weight: 0)), "criteria[0].weight");
        await ExpectAsync("ok", Card(Criterion("a", "1_5"), Criterion("a", "1_3")), "criteria[1].key");
        await ExpectAsync("ok", Card(), "criteria");
        await ExpectAsync("ok", Card(new { key = "a", section = "s", text = Text("t"), scale = "yes_no", topic = "astrology" }), "criteria[0].topic");
    }

    [Fact]
    public async Task Agents_see_only_their_own_reviews_and_cannot_score()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var (agentClient, agentEmail, _) = await App.SignedInUserAsync("Agent");
        var other = await App.CreateUserAsync("Agent");
        var auditorClient = await App.SignedInAsync("Auditor");
        await ReviewAsync(auditorClient, card, agentEmail, Answers());
        await ReviewAsync(auditorClient, card, other.Email, Answers(tone: 2));

        var (status, own) = await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/reviews?pageSize=500");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(own!["items"]!.AsArray(), i => Assert.Equal(agentEmail, i!["reviewee"]!.GetValue<string>()));
        Assert.Single(own["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/reviews?reviewee={Uri.EscapeDataString(other.Email)}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Post, "/api/v1/quality/reviews",
            new { scorecard = card, reviewee = other.Email, answers = Answers() })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Put, $"/api/v1/quality/scorecards/{card}", Card(Standard))).Status);

        var (_, report) = await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/reports/agents");
        Assert.Equal([agentEmail], report!["items"]!.AsArray().Select(r => r!["agent"]!.GetValue<string>()));

        var (_, everyone) = await SendAsync(auditorClient, HttpMethod.Get, $"/api/v1/quality/reviews?reviewee={Uri.EscapeDataString(other.Email)}");
        Assert.Equal(other.Email, everyone!["items"]![0]!["reviewee"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(App.CreateClient(), HttpMethod.Get, "/api/v1/quality/reviews")).Status);
    }

    [Fact]
    public async Task The_agent_report_and_the_bonus_table_follow_the_reviews()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var good = await App.CreateUserAsync("Agent");
        var middling = await App.CreateUserAsync("Agent");
        var careless = await App.CreateUserAsync("Agent");
        await ReviewAsync(api, card, good.Email, Answers(procedure: 5, tone: 10));                // 100
        await ReviewAsync(api, card, good.Email, Answers(procedure: 5, tone: 8));                 // 96
        await ReviewAsync(api, card, middling.Email, Answers());                                  // 86
        await ReviewAsync(api, card, careless.Email, Answers(procedure: 5, tone: 10));            // 100
        await ReviewAsync(api, card, careless.Email, Answers(noLies: 0));                         // 0, critical

        var now = App.Clock.GetUtcNow();
        var (status, report) = await SendAsync(api, HttpMethod.Get,
            $"/api/v1/quality/reports/agents?from={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddHours(1).ToString("O"))}&touchpoint=support&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, status);
        JsonNode Row(JsonNode body, string email) => body["items"]!.AsArray().Single(r => r!["agent"]!.GetValue<string>() == email)!;
        var g = Row(report!, good.Email);
        Assert.Equal(2, g["reviews"]!.GetValue<int>());
        Assert.Equal(98, g["score"]!.GetValue<double>());
        Assert.Equal(0, g["criticalFails"]!.GetValue<int>());
        Assert.Equal(["tone"], g["weakest"]!.AsArray().Select(w => w!.GetValue<string>()));
        var m = Row(report!, middling.Email);
        Assert.Equal(["procedure", "tone"], m["weakest"]!.AsArray().Select(w => w!.GetValue<string>()));
        var c = Row(report!, careless.Email);
        Assert.Equal(50, c["score"]!.GetValue<double>());
        Assert.Equal(1, c["criticalFails"]!.GetValue<int>());
        Assert.Equal("no_lies", c["weakest"]![0]!.GetValue<string>());

        var (_, sales) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reports/agents?touchpoint=sales&pageSize=500");
        Assert.DoesNotContain(sales!["items"]!.AsArray(), r => r!["agent"]!.GetValue<string>() == good.Email);

        var month = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var (bonusStatus, bonus) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={month}&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, bonusStatus);
        Assert.Equal(month, bonus!["period"]!.GetValue<string>());
        Assert.Equal(100, Row(bonus, good.Email)["bonusPercent"]!.GetValue<int>());
        Assert.Equal(50, Row(bonus, middling.Email)["bonusPercent"]!.GetValue<int>());
        Assert.Equal(0, Row(bonus, careless.Email)["bonusPercent"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(Row(bonus, careless.Email)["reason"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/bonus?period=2026-13")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/reports/agents?touchpoint=kitchen")).Status);
        var (_, empty) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/bonus?period=2001-01");
        Assert.Empty(empty!["items"]!.AsArray());
    }
}

public sealed class QualityApiSqliteTests(SqliteApp app) : QualityApiTests(app), IClassFixture<SqliteApp>;

public sealed class QualityApiPostgresTests(PostgresApp app) : QualityApiTests(app), IClassFixture<PostgresApp>;
