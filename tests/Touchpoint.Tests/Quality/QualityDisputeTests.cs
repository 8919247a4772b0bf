using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>Disputes of reviews and their decisions through the real API, on SQLite and PostgreSQL.</summary>
public abstract class QualityDisputeTests(TouchpointApp fixture)
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

    private static object Criterion(string key, string scale, double weight = 1, bool allowNa = false, bool critical = false) =>
        new { key, section = "main", text = Text("Criterion " + key), scale, weight, allowNa, critical };

    /// <summary>greets yes/no ×1, procedure 1–5 ×2 (N/A allowed), tone 0–10 ×1, no_lies yes/no critical ×1.</summary>
    private static async Task<string> CardAsync(HttpClient api)
    {
        var key = $"disp-{Guid.NewGuid():N}"[..20];
        var (status, _) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{key}", new
        {
            touchpoint = "support", name = Text("Dispute card"),
            criteria = new[] { Criterion("greets", "yes_no"), Criterion("procedure", "1_5", 2, allowNa: true), Criterion("tone", "0_10"), Criterion("no_lies", "yes_no", critical: true) },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return key;
    }

    /// <summary>A review scored 86 (1, 4, 8, 1) of a new signed-in agent by a new auditor.</summary>
    private async Task<(string Review, HttpClient Agent, string Email)> ReviewedAgentAsync(HttpClient api, string card)
    {
        var (agent, email, _) = await App.SignedInUserAsync("Agent");
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", new
        {
            scorecard = card, reviewee = email,
            answers = new object[]
            {
                new { criterion = "greets", value = 1 }, new { criterion = "procedure", value = 4 },
                new { criterion = "tone", value = 8 }, new { criterion = "no_lies", value = 1 },
            },
        });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal(86, body!["score"]!.GetValue<double>());
        return (body["id"]!.GetValue<string>(), agent, email);
    }

    private static async Task<string> DisputeAsync(HttpClient agent, string review, object? answers = null)
    {
        var (status, body) = await SendAsync(agent, HttpMethod.Post, $"/api/v1/quality/reviews/{review}/disputes",
            new { comment = "The customer asked me not to use the first name.", answers });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal("open", body!["status"]!.GetValue<string>());
        Assert.Equal(review, body["review"]!.GetValue<string>());
        return body["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode?> ReportRowAsync(HttpClient api, string email)
    {
        var (_, report) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/reports/agents?pageSize=500");
        return report!["items"]!.AsArray().SingleOrDefault(r => r!["agent"]!.GetValue<string>() == email);
    }

    private async Task<JsonNode?> BonusRowAsync(HttpClient api, string email)
    {
        var month = TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (_, bonus) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={month}&pageSize=500");
        return bonus!["items"]!.AsArray().SingleOrDefault(r => r!["agent"]!.GetValue<string>() == email);
    }

    [Fact]
    public async Task Only_the_reviewee_disputes_and_once_at_a_time()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var (review, agent, _) = await ReviewedAgentAsync(api, card);
        var otherAgent = await App.SignedInAsync("Agent");
        var auditor = await App.SignedInAsync("Auditor");
        var owner = await App.SignedInAsync("ServiceOwner");
        var body = new { comment = "Not fair" };
        var url = $"/api/v1/quality/reviews/{review}/disputes";

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(otherAgent, HttpMethod.Post, url, body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(otherAgent, HttpMethod.Get, $"/api/v1/quality/reviews/{review}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Post, url, body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(owner, HttpMethod.Post, url, body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(api, HttpMethod.Post, url, body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Post, $"/api/v1/quality/reviews/{Guid.NewGuid()}/disputes", body)).Status);

        async Task ExpectAsync(object bad, string field)
        {
            var (status, problem) = await SendAsync(agent, HttpMethod.Post, url, bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem!["errors"]![field] is not null, $"{field} not in {problem.ToJsonString()}");
        }

        await ExpectAsync(new { comment = " " }, "comment");
        await ExpectAsync(new { comment = new string('x', 4001) }, "comment");
        await ExpectAsync(new { comment = "x", answers = new[] { new { criterion = "tone", value = (double?)11 } } }, "answers[0].value");
        await ExpectAsync(new { comment = "x", answers = new[] { new { criterion = "greets", value = (double?)null } } }, "answers[0].value");
        await ExpectAsync(new { comment = "x", answers = new[] { new { criterion = "nope", value = (double?)1 } } }, "answers[0].criterion");
        await ExpectAsync(new { comment = "x", answers = new[] { new { criterion = "tone", value = (double?)9 }, new { criterion = "tone", value = (double?)10 } } }, "answers[1].criterion");
        await ExpectAsync(new { comment = "x", answers = new[] { new { criterion = "tone", value = 9, comment = "no such field" } } }, "answers[0].comment");
        await ExpectAsync(new { comment = "x", mood = "angry" }, "mood");

        var dispute = await DisputeAsync(agent, review, new[] { new { criterion = "tone", value = (double?)10 } });
        var (again, problemAgain) = await SendAsync(agent, HttpMethod.Post, url, body);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(409, problemAgain!["status"]!.GetValue<int>());

        // The agent sees their own disputes; the owner the open queue.
        var (_, own) = await SendAsync(agent, HttpMethod.Get, "/api/v1/quality/disputes");
        Assert.Equal([dispute], own!["items"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        var (_, none) = await SendAsync(otherAgent, HttpMethod.Get, "/api/v1/quality/disputes?status=open");
        Assert.Empty(none!["items"]!.AsArray());
        var (_, queue) = await SendAsync(owner, HttpMethod.Get, "/api/v1/quality/disputes?status=open&pageSize=500");
        var listed = queue!["items"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == dispute)!;
        Assert.Equal(10, listed["answers"]![0]!["value"]!.GetValue<double>());
        Assert.Equal(86, listed["score"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(owner, HttpMethod.Get, "/api/v1/quality/disputes?status=pending")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(owner, HttpMethod.Get, "/api/v1/quality/disputes?pageSize=0")).Status);
    }

    [Fact]
    public async Task Accepting_takes_the_proposed_answers_and_the_report_and_bonus_follow()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var (review, agent, email) = await ReviewedAgentAsync(api, card);
        Assert.Equal(50, (await BonusRowAsync(api, email))!["bonusPercent"]!.GetValue<int>());
        // tone 8 → 10: 100 × (1 + 2×0.75 + 1 + 1) / 5 = 90
        var dispute = await DisputeAsync(agent, review, new[] { new { criterion = "tone", value = (double?)10 } });

        var auditor = await App.SignedInAsync("Auditor");
        var decision = $"/api/v1/quality/disputes/{dispute}/decision";
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Post, decision, new { decision = "accepted" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Post, decision, new { decision = "accepted" })).Status);
        var owner = await App.SignedInAsync("ServiceOwner");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Post, $"/api/v1/quality/disputes/{Guid.NewGuid()}/decision", new { decision = "accepted" })).Status);
        var (badStatus, bad) = await SendAsync(owner, HttpMethod.Post, decision, new { decision = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.NotNull(bad!["errors"]!["decision"]);
        var (withAnswers, answersProblem) = await SendAsync(owner, HttpMethod.Post, decision, new { decision = "accepted", answers = new[] { new { criterion = "tone", value = 9 } } });
        Assert.Equal(HttpStatusCode.BadRequest, withAnswers);
        Assert.NotNull(answersProblem!["errors"]!["answers"]);

        var (status, decided) = await SendAsync(owner, HttpMethod.Post, decision, new { decision = "accepted", comment = "Agreed." });
        Assert.True(status == HttpStatusCode.OK, decided?.ToJsonString());
        Assert.Equal("accepted", decided!["status"]!.GetValue<string>());
        Assert.Equal(90, decided["score"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(owner, HttpMethod.Post, decision, new { decision = "rejected" })).Status);

        var (_, detail) = await SendAsync(agent, HttpMethod.Get, $"/api/v1/quality/reviews/{review}");
        Assert.Equal(90, detail!["score"]!.GetValue<double>());
        Assert.Equal(10, detail["answers"]!.AsArray().Single(a => a!["criterion"]!.GetValue<string>() == "tone")!["value"]!.GetValue<double>());
        Assert.Equal("accepted", detail["disputes"]![0]!["status"]!.GetValue<string>());
        var history = detail["history"]!.AsArray();
        Assert.Equal(["created", "disputed", "decided", "answers_changed"], history.Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Equal(86, history[3]!["oldScore"]!.GetValue<double>());
        Assert.Equal(90, history[3]!["newScore"]!.GetValue<double>());
        Assert.Contains("tone: 8 → 10", history[3]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(90, (await ReportRowAsync(api, email))!["score"]!.GetValue<double>());
        Assert.Equal(100, (await BonusRowAsync(api, email))!["bonusPercent"]!.GetValue<int>());
        var (_, list) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reviews?reviewee={Uri.EscapeDataString(email)}");
        Assert.Equal(90, list!["items"]![0]!["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Partly_accepting_takes_the_decisions_answers_and_a_critical_fail_counts()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var (review, agent, email) = await ReviewedAgentAsync(api, card);
        var dispute = await DisputeAsync(agent, review, new[] { new { criterion = "tone", value = (double?)10 }, new { criterion = "procedure", value = (double?)5 } });
        var decision = $"/api/v1/quality/disputes/{dispute}/decision";

        var (missing, problem) = await SendAsync(api, HttpMethod.Post, decision, new { decision = "partly_accepted" });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.NotNull(problem!["errors"]!["answers"]);
        var (outside, outsideProblem) = await SendAsync(api, HttpMethod.Post, decision, new { decision = "partly_accepted", answers = new[] { new { criterion = "procedure", value = 6 } } });
        Assert.Equal(HttpStatusCode.BadRequest, outside);
        Assert.NotNull(outsideProblem!["errors"]!["answers[0].value"]);

        // procedure 4 → 5 only: 100 × (1 + 2 + 0.8 + 1) / 5 = 96
        var (status, decided) = await SendAsync(api, HttpMethod.Post, decision, new { decision = "partly_accepted", answers = new[] { new { criterion = "procedure", value = 5 } } });
        Assert.True(status == HttpStatusCode.OK, decided?.ToJsonString());
        Assert.Equal(96, decided!["score"]!.GetValue<double>());
        Assert.Equal("procedure", decided["decidedAnswers"]![0]!["criterion"]!.GetValue<string>());
        Assert.Equal(96, (await ReportRowAsync(api, email))!["score"]!.GetValue<double>());

        // A second dispute may follow a decided one; its decision can also lower the score to a critical fail.
        var second = await DisputeAsync(agent, review);
        var (_, failed) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/disputes/{second}/decision",
            new { decision = "partly_accepted", answers = new[] { new { criterion = "no_lies", value = 0 } }, comment = "The return term was wrong." });
        Assert.Equal(0, failed!["score"]!.GetValue<double>());
        Assert.True(failed["criticalFailed"]!.GetValue<bool>());
        var row = (await ReportRowAsync(api, email))!;
        Assert.Equal(1, row["criticalFails"]!.GetValue<int>());
        Assert.Equal(0, (await BonusRowAsync(api, email))!["bonusPercent"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rejecting_leaves_the_review_and_is_recorded()
    {
        var api = await App.ApiClientAsync();
        var card = await CardAsync(api);
        var (review, agent, email) = await ReviewedAgentAsync(api, card);
        var dispute = await DisputeAsync(agent, review, new[] { new { criterion = "greets", value = (double?)1 } });
        var admin = await App.SignedInAsync("Admin");
        var (status, decided) = await SendAsync(admin, HttpMethod.Post, $"/api/v1/quality/disputes/{dispute}/decision", new { decision = "rejected", comment = "The review stands." });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("rejected", decided!["status"]!.GetValue<string>());
        Assert.Equal(86, decided["score"]!.GetValue<double>());
        Assert.Empty(decided["decidedAnswers"]!.AsArray());
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(admin, HttpMethod.Post, $"/api/v1/quality/disputes/{dispute}/decision", new { decision = "accepted" })).Status);

        var (_, detail) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reviews/{review}");
        var history = detail!["history"]!.AsArray();
        Assert.Equal(["created", "disputed", "decided"], history.Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Contains("The review stands.", history[2]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(history, h => Assert.Equal(86, h!["newScore"]!.GetValue<double>()));
        Assert.Equal(86, (await ReportRowAsync(api, email))!["score"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reviews/{Guid.NewGuid()}")).Status);
        var (_, decidedList) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/disputes?status=rejected&pageSize=500");
        Assert.Contains(decidedList!["items"]!.AsArray(), d => d!["id"]!.GetValue<string>() == dispute);
    }
}

public sealed class QualityDisputeSqliteTests(SqliteApp app) : QualityDisputeTests(app), IClassFixture<SqliteApp>;

public sealed class QualityDisputePostgresTests(PostgresApp app) : QualityDisputeTests(app), IClassFixture<PostgresApp>;
