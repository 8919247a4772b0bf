using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Reporting;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Reporting;

/// <summary>
/// First-contact resolution through the real API on a fake clock: repeat links recorded as conversations arrive, the
/// FCR report from the facts (and from the roll-up once the window has closed), its CSV, and the conversation's
/// <c>repeatOf</c> and <c>csat</c>.
/// </summary>
public abstract partial class FcrApiTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 10:00 in Warsaw (the store's zone), a Tuesday in March of next year.
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Year + 1, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string StartDay = Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider).StartingAt(Start)
            .With("Touchpoint:Feedback:RunSender", "false").With("Touchpoint:Metrics:RunRollup", "false");
        await app.InitializeAsync();
        return app;
    }

    private static async Task<long> ContactAsync(HttpClient api, string email, string channel = "email", string topic = "order_fulfilment", string[]? orders = null)
    {
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            channel, subject = "Where is my parcel?", body = "It has not arrived.", topic, acknowledge = false, orders = orders ?? [],
            customer = new { email, name = "Anna Nowak", language = "pl" },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Api.ReadAsync(created))!["number"]!.GetValue<long>();
    }

    private static async Task ReplyAsync(HttpClient api, long number) =>
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages",
            new { type = "reply", body = "It is on its way." }, Api.Json, Ct)).StatusCode);

    private static async Task StatusAsync(HttpClient api, long number, string status) =>
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync($"/api/v1/conversations/{number}",
            JsonContent.Create(new { status }, options: Api.Json), Ct)).StatusCode);

    private static async Task<JsonNode> GetJsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Api.ReadAsync(response))!;
    }

    private static Task<JsonNode> FcrAsync(HttpClient api, string query = "") => GetJsonAsync(api, $"/api/v1/reports/fcr?from={StartDay}{query}");

    private static Task<List<RepeatContact>> LinksAsync(TouchpointApp app) =>
        app.InScopeAsync<TouchpointDb, List<RepeatContact>>(db => db.Set<RepeatContact>().AsNoTracking().OrderBy(l => l.At).ToListAsync(Ct));

    private static string Email() => $"anna-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task A_second_contact_about_the_same_order_within_the_window_is_a_repeat_and_the_report_counts_it()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var email = Email();
        var order = Api.NewNumber("FCR");
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(order, Api.Order(email))).Status);

        var first = await ContactAsync(api, email, "email", "order_fulfilment", [order]);
        await ReplyAsync(api, first);
        await StatusAsync(api, first, "resolved");
        // Another customer's conversation, resolved with one reply and never repeated.
        var other = await ContactAsync(api, Email(), "email", "order_fulfilment");
        await ReplyAsync(api, other);
        await StatusAsync(api, other, "resolved");

        app.Clock.Advance(TimeSpan.FromDays(3));
        // Another channel and another topic, the same order.
        var second = await ContactAsync(api, email, "chat", "returns", [order]);

        var link = Assert.Single(await LinksAsync(app));
        Assert.Equal((first, second, RepeatReasons.Order), (link.EarlierNumber, link.LaterNumber, link.Reason));
        var conversation = await GetJsonAsync(api, $"/api/v1/conversations/{second}");
        Assert.Equal(first, conversation["repeatOf"]!.GetValue<long>());
        Assert.Null((await GetJsonAsync(api, $"/api/v1/conversations/{first}"))["repeatOf"]);

        var report = await FcrAsync(api, "&groupBy=channel");
        Assert.Equal(2, report["resolved"]!.GetValue<int>());
        Assert.Equal(1, report["repeats"]!.GetValue<int>());
        Assert.Equal(50.0, report["fcr"]!.GetValue<double>());
        Assert.Equal(100.0, report["oneTouch"]!.GetValue<double>());
        var group = Assert.Single(report["groups"]!.AsArray());
        Assert.Equal(["fcr", "key", "oneTouch", "repeats", "resolved"], group!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("email", group["key"]!.GetValue<string>());
        Assert.Equal(["fcr", "groups", "oneTouch", "repeats", "resolved"], report.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());

        // The window closes, the roll-up folds the day, and the report reads the same numbers from it.
        app.Clock.Advance(TimeSpan.FromDays(6));
        Assert.True(await app.Get<FcrRollup>().RunNowAsync(Ct) >= 1);
        var rolled = await app.InScopeAsync<TouchpointDb, List<FcrDaily>>(db => db.Set<FcrDaily>().AsNoTracking().ToListAsync(Ct));
        var day = Assert.Single(rolled);
        Assert.Equal((DateOnly.FromDateTime(Start.UtcDateTime), 2, 1, 2), (day.Day, day.Resolved, day.Repeats, day.OneTouch));
        var after = await FcrAsync(api, "&groupBy=day");
        Assert.Equal((2, 1, 50.0), (after["resolved"]!.GetValue<int>(), after["repeats"]!.GetValue<int>(), after["fcr"]!.GetValue<double>()));
        Assert.Equal(StartDay, Assert.Single(after["groups"]!.AsArray())!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_contact_after_the_window_or_about_another_topic_is_no_repeat_and_a_reopen_fails_FCR()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var email = Email();
        var first = await ContactAsync(api, email, topic: "order_fulfilment");
        await StatusAsync(api, first, "resolved");
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var late = await ContactAsync(api, email, topic: "order_fulfilment");
        var otherTopic = await ContactAsync(api, email, topic: "payment_status");
        Assert.Empty(await LinksAsync(app));
        Assert.Null((await GetJsonAsync(api, $"/api/v1/conversations/{late}"))["repeatOf"]);

        // Resolved twice without a reply (not one-touch), then reopened: it fails FCR once.
        await StatusAsync(api, otherTopic, "resolved");
        app.Clock.Advance(TimeSpan.FromHours(5));
        await StatusAsync(api, otherTopic, "open");
        await StatusAsync(api, otherTopic, "resolved");
        await StatusAsync(api, otherTopic, "open");
        var reopen = Assert.Single(await LinksAsync(app));
        Assert.Equal((otherTopic, otherTopic, RepeatReasons.Reopen), (reopen.EarlierNumber, reopen.LaterNumber, reopen.Reason));

        var report = await FcrAsync(api);
        Assert.Equal(2, report["resolved"]!.GetValue<int>());
        Assert.Equal(1, report["repeats"]!.GetValue<int>());
        Assert.Equal(50.0, report["fcr"]!.GetValue<double>());
        Assert.Equal(0.0, report["oneTouch"]!.GetValue<double>());
        Assert.Empty(report["groups"]!.AsArray());
    }

    [Fact]
    public async Task The_same_topic_without_an_order_is_a_repeat_and_mystery_shoppers_are_left_out()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var email = Email();
        var first = await ContactAsync(api, email, topic: "payment_status");
        await StatusAsync(api, first, "resolved");
        app.Clock.Advance(TimeSpan.FromDays(7));
        var second = await ContactAsync(api, email, "phone", "payment_status");
        Assert.Equal(first, (await GetJsonAsync(api, $"/api/v1/conversations/{second}"))["repeatOf"]!.GetValue<long>());
        Assert.Equal(RepeatReasons.Topic, Assert.Single(await LinksAsync(app)).Reason);
        Assert.Equal(1, (await FcrAsync(api))["repeats"]!.GetValue<int>());

        await app.InScopeAsync<TouchpointDb, int>(async db =>
        {
            var customer = await db.Set<Customer>().SingleAsync(c => c.Email == email, Ct);
            customer.SetMysteryShopper(true, app.Clock.GetUtcNow().UtcDateTime, "tests");
            return await db.SaveChangesAsync(Ct);
        });
        var report = await FcrAsync(api);
        Assert.Equal(0, report["resolved"]!.GetValue<int>());
        Assert.Null(report["fcr"]);
    }

    [Fact]
    public async Task A_topic_set_at_triage_makes_a_new_contact_a_repeat_once()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var email = Email();
        var first = await ContactAsync(api, email, topic: "returns");
        await StatusAsync(api, first, "resolved");
        app.Clock.Advance(TimeSpan.FromDays(2));
        var second = await ContactAsync(api, email, topic: "other");
        Assert.Empty(await LinksAsync(app));
        var patch = await api.PatchAsync($"/api/v1/conversations/{second}", JsonContent.Create(new { topic = "returns" }, options: Api.Json), Ct);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var link = Assert.Single(await LinksAsync(app));
        Assert.Equal((first, second, RepeatReasons.Topic), (link.EarlierNumber, link.LaterNumber, link.Reason));
        // A second change of topic keeps the one link.
        await api.PatchAsync($"/api/v1/conversations/{second}", JsonContent.Create(new { topic = "complaints" }, options: Api.Json), Ct);
        Assert.Single(await LinksAsync(app));
    }

    [Fact]
    public async Task GroupBy_and_dates_are_validated_and_the_report_needs_a_reporting_role()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        foreach (var (query, field) in new[] { ("groupBy=weekday", "groupBy"), ("from=yesterday", "from"), ("to=2020-13-01", "to"), ("format=xml", "format"),
            ($"from={StartDay}&to=2020-01-01", "from") })
        {
            var response = await api.GetAsync($"/api/v1/reports/fcr?{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await Api.ReadAsync(response))!;
            Assert.NotNull(problem["errors"]![field]);
        }
        var agent = await app.SignedInAsync("Agent");
        // An agent reads their own FCR; a grouping by people is 403 (ReportSeriesApiTests covers the rest of the scoping).
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/reports/fcr", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/reports/fcr?groupBy=agent", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/api/v1/reports/fcr", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_demo_store_gets_repeat_contacts_and_a_reopen_through_the_desk()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var numbers = new List<long>();
        foreach (var language in new[] { "en", "ru", "pl" })
        {
            var email = Email();
            var order = Api.NewNumber("DEMO");
            Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(order, Api.Order(email, language: language))).Status);
            var number = await ContactAsync(api, email, orders: [order]);
            await StatusAsync(api, number, "resolved");
            numbers.Add(number);
        }
        Assert.Equal(3, await app.InScopeAsync<Touchpoint.Features.Demo.DemoRepeats, int>(d => d.SeedAsync(Ct)));
        var links = await LinksAsync(app);
        Assert.Equal([RepeatReasons.Order, RepeatReasons.Order, RepeatReasons.Reopen], links.OrderBy(l => l.EarlierNumber).Select(l => l.Reason).ToArray());
        Assert.Equal(numbers, links.OrderBy(l => l.EarlierNumber).Select(l => l.EarlierNumber).ToList());
        var report = await FcrAsync(api);
        Assert.Equal((3, 3, 0.0), (report["resolved"]!.GetValue<int>(), report["repeats"]!.GetValue<int>(), report["fcr"]!.GetValue<double>()));
        // Seeding again adds nothing.
        Assert.Equal(0, await app.InScopeAsync<Touchpoint.Features.Demo.DemoRepeats, int>(d => d.SeedAsync(Ct)));
    }

    [Fact]
    public async Task The_overview_gives_the_key_numbers_beside_the_previous_period()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var answered = await ContactAsync(api, Email(), "email", "returns");
        await ContactAsync(api, Email(), "chat", "order_fulfilment");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await ReplyAsync(api, answered);
        app.Clock.Advance(TimeSpan.FromMinutes(50));
        await StatusAsync(api, answered, "resolved");

        var o = await GetJsonAsync(api, $"/api/v1/reports/overview?from={StartDay}&to={StartDay}&groupBy=channel");
        Assert.Equal(Start.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), o["previousFrom"]!.GetValue<string>());
        Assert.Equal((2.0, 0.0), (o["conversationsIn"]!["value"]!.GetValue<double>(), o["conversationsIn"]!["previous"]!.GetValue<double>()));
        Assert.Equal(1.0, o["backlog"]!["value"]!.GetValue<double>());
        Assert.Equal(600.0, o["firstResponseMedianSeconds"]!["value"]!.GetValue<double>());
        Assert.Null(o["firstResponseMedianSeconds"]!["previous"]);
        Assert.Equal(3600.0, o["resolutionP90Seconds"]!["value"]!.GetValue<double>());
        Assert.Equal((100.0, 1L), (o["fcr"]!["value"]!.GetValue<double>(), o["fcr"]!["cases"]!.GetValue<long>()));
        Assert.Equal(100.0, o["oneTouch"]!["value"]!.GetValue<double>());
        Assert.Null(o["csat"]!["value"]);
        Assert.Null(o["nps"]!["value"]);
        Assert.True(o["slaCompliance"]!["cases"]!.GetValue<long>() >= 1);
        Assert.Equal(100.0, o["slaCompliance"]!["value"]!.GetValue<double>());
        var groups = o["groups"]!.AsArray();
        Assert.Equal(["chat", "email"], groups.Select(g => g!["key"]!.GetValue<string>()).ToArray());
        var email = groups.Single(g => g!["key"]!.GetValue<string>() == "email")!;
        Assert.Equal((1L, 600L, 1), (email["conversationsIn"]!.GetValue<long>(), email["firstResponseMedianSeconds"]!.GetValue<long>(), email["resolved"]!.GetValue<int>()));

        var bad = await api.GetAsync("/api/v1/reports/overview?groupBy=day", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await Api.ReadAsync(bad))!["errors"]!["groupBy"]);
    }

    [GeneratedRegex(@"^5: https://shop\.test(/survey/[A-Za-z0-9_-]+)$", RegexOptions.Multiline)]
    private static partial Regex FiveLink();

    [Fact]
    public async Task The_CSV_variants_stream_the_tables_and_the_conversation_shows_its_CSAT_answer()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var number = await ContactAsync(api, Email(), topic: "order_fulfilment");
        await ReplyAsync(api, number);
        await StatusAsync(api, number, "resolved");
        Assert.Null((await GetJsonAsync(api, $"/api/v1/conversations/{number}"))["csat"]);

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await app.Get<SurveySender>().RunNowAsync(Ct));
        var mail = await app.InScopeAsync<TouchpointDb, OutboxMessage>(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Kind == SurveySender.MailKindCsat, Ct));
        var link = FiveLink().Match(mail.Body.Replace("\r", "", StringComparison.Ordinal)).Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(link, Ct)).StatusCode);
        var csat = (await GetJsonAsync(api, $"/api/v1/conversations/{number}"))["csat"]!;
        Assert.Equal(5, csat["score"]!.GetValue<int>());
        Assert.Null(csat["comment"]);

        var fcr = await api.GetAsync($"/api/v1/reports/fcr?from={StartDay}&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, fcr.StatusCode);
        Assert.Equal("text/csv", fcr.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", fcr.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await fcr.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["day,fcr,oneTouch,resolved,repeats", $"{StartDay},100.0,100.0,1,0", "total,100.0,100.0,1,0"], lines);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/csat?groupBy=channel&to=" + Uri.EscapeDataString(app.Clock.GetUtcNow().AddDays(1).ToString("O")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await api.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["channel,csat,responses", "email,100.0,1", "total,100.0,1"],
            (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        // The JSON shape stays as it was.
        var json = await GetJsonAsync(api, "/api/v1/reports/csat?to=" + Uri.EscapeDataString(app.Clock.GetUtcNow().AddDays(1).ToString("O")));
        Assert.Equal(100.0, json["csat"]!.GetValue<double>());
    }
}

public sealed class FcrApiSqliteTests(SqliteApp app) : FcrApiTests(app), IClassFixture<SqliteApp>;

public sealed class FcrApiPostgresTests(PostgresApp app) : FcrApiTests(app), IClassFixture<PostgresApp>;
