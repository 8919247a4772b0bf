using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Feedback;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Feedback;

/// <summary>GET and PUT /api/v1/feedback/settings, and that the sender, the triggers and the NPS report follow what is stored.</summary>
public abstract class FeedbackSettingsApiTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Year + 1, 4, 6, 9, 0, 0, TimeSpan.Zero);
    private const string Url = "/api/v1/feedback/settings";

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider).StartingAt(Start).With("Touchpoint:Feedback:RunSender", "false");
        await app.InitializeAsync();
        return app;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Api.ReadAsync(response))!;
    }

    /// <summary>A valid request: the defaults with the changes given.</summary>
    private static JsonObject Valid(Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["csatDelayMinutes"] = 60, ["quietDays"] = 7, ["maxPerHour"] = 500, ["npsAfterDeliveryDays"] = 7, ["answerWindowDays"] = 28,
            ["loyalAfterMonths"] = 18, ["npsEveryMonthsLoyal"] = 12, ["npsEveryMonths"] = 6, ["supportSurvey"] = "csat",
            ["relationshipEveryMonths"] = null, ["promoterReviewUrl"] = null,
            ["benchmarks"] = new JsonArray(new JsonObject { ["name"] = "Nike", ["nps"] = 32 }),
            ["texts"] = new JsonArray(),
        };
        change?.Invoke(body);
        return body;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient api, JsonObject body) =>
        api.PutAsync(Url, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);

    [Fact]
    public async Task Defaults_come_from_configuration_with_seed_004s_benchmarks_and_the_NPS_report_shows_them()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var settings = await GetJsonAsync(api, Url);
        Assert.False(settings["custom"]!.GetValue<bool>());
        Assert.Equal(60, settings["csatDelayMinutes"]!.GetValue<int>());
        Assert.Equal(7, settings["quietDays"]!.GetValue<int>());
        Assert.Equal(500, settings["maxPerHour"]!.GetValue<int>());
        Assert.Equal("csat", settings["supportSurvey"]!.GetValue<string>());
        Assert.Null(settings["relationshipEveryMonths"]);
        Assert.Equal(["Nike", "GAP", "Foot Locker", "H&M", "Marks & Spencer"], settings["benchmarks"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal(32, settings["benchmarks"]![0]!["nps"]!.GetValue<double>());
        var texts = settings["texts"]!.AsArray();
        Assert.Equal(6, texts.Count);
        var ru = texts.Single(t => t!["kind"]!.GetValue<string>() == "csat" && t["language"]!.GetValue<string>() == "ru")!;
        Assert.Null(ru["subject"]);
        Assert.Contains("{{ conversation.number }}", ru["shippedIntro"]!.GetValue<string>(), StringComparison.Ordinal);

        var nps = await GetJsonAsync(api, "/api/v1/reports/nps");
        Assert.Equal(5, nps["benchmarks"]!.AsArray().Count);
        Assert.Equal("Nike", nps["benchmarks"]![0]!["name"]!.GetValue<string>());

        // Service owners and admins only (and API keys).
        var agent = await app.SignedInAsync(Touchpoint.Platform.Web.Roles.Agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(Url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(agent, Valid())).StatusCode);
        var owner = await app.SignedInAsync(Touchpoint.Platform.Web.Roles.ServiceOwner);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(Url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(Url, Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_values_are_named_fields_and_store_nothing()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var cases = new (string Field, Action<JsonObject> Change)[]
        {
            ("csatDelayMinutes", b => b["csatDelayMinutes"] = -5),
            ("npsAfterDeliveryDays", b => b["npsAfterDeliveryDays"] = -1),
            ("quietDays", b => b["quietDays"] = -1),
            ("maxPerHour", b => b["maxPerHour"] = 0),
            ("answerWindowDays", b => b["answerWindowDays"] = null),
            ("supportSurvey", b => b["supportSurvey"] = "ces"),
            ("relationshipEveryMonths", b => b["relationshipEveryMonths"] = 0),
            ("promoterReviewUrl", b => b["promoterReviewUrl"] = "not a link"),
            ("promoterReviewUrl", b => b["promoterReviewUrl"] = "http://reviews.example.com/shop"),
            ("benchmarks[0].nps", b => b["benchmarks"]![0]!["nps"] = 101),
            ("benchmarks[0].nps", b => b["benchmarks"]![0]!["nps"] = -100.5),
            ("benchmarks[0].name", b => b["benchmarks"]![0]!["name"] = " "),
            ("benchmarks", b => b["benchmarks"] = null),
            ("texts[0].subject", b => b["texts"] = new JsonArray(new JsonObject { ["kind"] = "nps", ["language"] = "pl", ["subject"] = "{% if customer.name %}Hej" })),
            ("texts[0].intro", b => b["texts"] = new JsonArray(new JsonObject { ["kind"] = "csat", ["language"] = "ru", ["intro"] = "{{ customer.name " })),
            ("texts[0].language", b => b["texts"] = new JsonArray(new JsonObject { ["kind"] = "csat", ["language"] = "de", ["subject"] = "Hallo" })),
            ("texts[0].kind", b => b["texts"] = new JsonArray(new JsonObject { ["kind"] = "ces", ["language"] = "en", ["subject"] = "Hi" })),
        };
        foreach (var (field, change) in cases)
        {
            var response = await PutAsync(api, Valid(change));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await Api.ReadAsync(response))!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{field}: {errors.ToJsonString()}");
        }
        var settings = await GetJsonAsync(api, Url);
        Assert.False(settings["custom"]!.GetValue<bool>());
        Assert.Equal(0, await app.InScopeAsync<TouchpointDb, int>(db => db.Set<StoredFeedbackSettings>().CountAsync(Ct)));

        // A good save, then a bad one: the good one stays.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(api, Valid(b => b["quietDays"] = 3))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(api, Valid(b => { b["quietDays"] = 9; b["maxPerHour"] = 0; }))).StatusCode);
        settings = await GetJsonAsync(api, Url);
        Assert.True(settings["custom"]!.GetValue<bool>());
        Assert.Equal(3, settings["quietDays"]!.GetValue<int>());
        Assert.Equal(500, settings["maxPerHour"]!.GetValue<int>());
    }

    [Fact]
    public async Task NPS_as_the_support_survey_with_the_stores_own_text_and_benchmarks()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var saved = await PutAsync(api, Valid(b =>
        {
            b["supportSurvey"] = "nps";
            b["csatDelayMinutes"] = 30;
            b["promoterReviewUrl"] = "https://reviews.example.com/shop";
            b["benchmarks"] = new JsonArray(new JsonObject { ["name"] = "Zalando", ["nps"] = 27 }, new JsonObject { ["name"] = "Allegro", ["nps"] = 41.25 });
            b["texts"] = new JsonArray(new JsonObject
            {
                ["kind"] = "nps", ["language"] = "pl",
                ["subject"] = "{{ customer.name }}, czy polecisz {{ store.name }}?",
                ["intro"] = "Dziękujemy za rozmowę #{{ conversation.number }}. Jedno kliknięcie wystarczy.",
            }, new JsonObject { ["kind"] = "csat", ["language"] = "pl", ["subject"] = "", ["intro"] = " " });
        }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var settings = (await Api.ReadAsync(saved))!;
        Assert.Equal("nps", settings["supportSurvey"]!.GetValue<string>());
        Assert.Equal(41.3, settings["benchmarks"]![1]!["nps"]!.GetValue<double>());
        var csatPl = settings["texts"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "csat" && t["language"]!.GetValue<string>() == "pl")!;
        Assert.Null(csatPl["subject"]);

        var email = $"nps-support-{Guid.NewGuid():N}@example.com";
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            channel = "email", subject = "Zwrot", body = "Chcę zwrócić buty.", acknowledge = false,
            customer = new { email, name = "Anna Nowak", language = "pl" },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await Api.ReadAsync(created))!["number"]!.GetValue<long>();
        var resolved = await api.PatchAsync($"/api/v1/conversations/{number}", JsonContent.Create(new { status = "resolved" }, options: Api.Json), Ct);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var sender = app.Get<SurveySender>();
        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await sender.RunNowAsync(Ct));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await sender.RunNowAsync(Ct));
        var survey = Assert.Single(await app.InScopeAsync<TouchpointDb, List<Survey>>(db => db.Set<Survey>().AsNoTracking().ToListAsync(Ct)));
        Assert.Equal(SurveyKind.Nps, survey.Kind);
        Assert.Equal(SurveyTouchpoint.Support, survey.Touchpoint);
        var mails = await app.InScopeAsync<TouchpointDb, List<OutboxMessage>>(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Kind.StartsWith("feedback.")).ToListAsync(Ct));
        var mail = Assert.Single(mails);
        Assert.Equal(SurveySender.MailKindNps, mail.Kind);
        Assert.StartsWith("Anna Nowak, czy polecisz ", mail.Title, StringComparison.Ordinal);
        Assert.Contains($"Dziękujemy za rozmowę #{number}. Jedno kliknięcie wystarczy.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("10: https://", mail.Body, StringComparison.Ordinal);

        // A promoter's thank-you page invites the review the settings name.
        var ten = System.Text.RegularExpressions.Regex.Match(mail.Body, @"^10: https?://[^/]+(/survey/[A-Za-z0-9_-]+)", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        var page = await app.CreateClient().GetAsync(ten, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"https://reviews.example.com/shop\"", html, StringComparison.Ordinal);
        Assert.Contains("Zostaw opinię", html, StringComparison.Ordinal);

        var nps = await GetJsonAsync(api, "/api/v1/reports/nps");
        Assert.Equal(["Allegro", "Zalando"], nps["benchmarks"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()).ToArray());
    }
}

public sealed class FeedbackSettingsApiSqliteTests(SqliteApp app) : FeedbackSettingsApiTests(app), IClassFixture<SqliteApp>;

public sealed class FeedbackSettingsApiPostgresTests(PostgresApp app) : FeedbackSettingsApiTests(app), IClassFixture<PostgresApp>;
