using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Reporting;

/// <summary>
/// The daily series (shape, Warsaw day edges, CSV, groups, 400s naming the field), the overview's additions
/// (resolved, first-response distribution, QA score, delays), and an agent reading only their own numbers.
/// </summary>
public abstract class ReportSeriesApiTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 23:30 in Warsaw (CET, UTC+1) on Monday 2 March of next year: half an hour before the store's day ends.
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Year + 1, 3, 2, 22, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Day1 = DateOnly.FromDateTime(Start.UtcDateTime);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider).StartingAt(Start)
            .With("Touchpoint:Feedback:RunSender", "false").With("Touchpoint:Metrics:RunRollup", "false");
        await app.InitializeAsync();
        return app;
    }

    private static async Task<long> ContactAsync(HttpClient api, string channel = "email")
    {
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            channel, subject = "Gdzie jest paczka?", body = "Nie dotarła.", topic = "order_fulfilment", acknowledge = false, orders = Array.Empty<string>(),
            customer = new { email = $"ola-{Guid.NewGuid():N}@example.com", name = "Ola Nowak", language = "pl" },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Api.ReadAsync(created))!["number"]!.GetValue<long>();
    }

    private static async Task ReplyAsync(HttpClient api, long number) =>
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages",
            new { type = "reply", body = "Jest w drodze." }, Api.Json, Ct)).StatusCode);

    private static async Task PatchAsync(HttpClient api, long number, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync($"/api/v1/conversations/{number}", JsonContent.Create(body, options: Api.Json), Ct)).StatusCode);

    private static async Task<JsonNode> GetJsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await Api.ReadAsync(response))!;
    }

    private static (string Day, double? Value, long Cases)[] Points(JsonNode days) =>
        [.. days.AsArray().Select(p => (p!["day"]!.GetValue<string>(), p["value"]?.GetValue<double>(), p["cases"]!.GetValue<long>()))];

    [Fact]
    public async Task The_series_counts_each_case_on_its_Warsaw_day_has_a_CSV_and_groups_and_names_bad_fields()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var order = Api.NewNumber("SER");
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(order, Api.Order($"ola-{Guid.NewGuid():N}@example.com"))).Status);
        var first = await ContactAsync(api);                // 23:30 Warsaw, 2 March
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await ReplyAsync(api, first);                        // 600 s
        app.Clock.Advance(TimeSpan.FromMinutes(40));         // 00:20 Warsaw, 3 March
        var second = await ContactAsync(api, "chat");
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await ReplyAsync(api, second);                       // 1200 s
        var (day1, day2, day3) = (D(Day1), D(Day1.AddDays(1)), D(Day1.AddDays(2)));

        var series = await GetJsonAsync(api, $"/api/v1/reports/series?from={day1}&to={day3}&metric=conversations_in");
        Assert.Equal(("conversations_in", day1, day3), (series["metric"]!.GetValue<string>(), series["from"]!.GetValue<string>(), series["to"]!.GetValue<string>()));
        Assert.Equal([(day1, 1d, 1L), (day2, 1d, 1L), (day3, 0d, 0L)], Points(series["days"]!));
        Assert.Empty(series["groups"]!.AsArray());

        var replies = await GetJsonAsync(api, $"/api/v1/reports/series?from={day1}&to={day3}&metric=first_response_median");
        Assert.Equal([(day1, 600d, 1L), (day2, 1200d, 1L), (day3, null, 0L)], Points(replies["days"]!));

        var byChannel = await GetJsonAsync(api, $"/api/v1/reports/series?from={day1}&to={day2}&metric=first_response_median&groupBy=channel");
        Assert.Equal(["chat", "email"], byChannel["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()).ToArray());
        Assert.Equal([(day1, null, 0L), (day2, 1200d, 1L)], Points(byChannel["groups"]![0]!["days"]!));

        var csv = await api.GetAsync($"/api/v1/reports/series?from={day1}&to={day3}&metric=first_response_median&format=csv", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["day,value,cases", $"{day1},600,1", $"{day2},1200,1", $"{day3},,0"],
            (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        var fcr = await GetJsonAsync(api, $"/api/v1/reports/series?from={day1}&to={day1}&metric=fcr");
        Assert.Equal([(day1, null, 0L)], Points(fcr["days"]!));

        foreach (var (query, field) in new[] { ($"from={day1}", "metric"), ("metric=aht", "metric"), ("metric=fcr&groupBy=day", "groupBy"),
            ("metric=fcr&from=2027/03/02", "from"), ($"metric=fcr&from={D(Day1.AddDays(-400))}&to={day1}", "from"), ("metric=csat&format=xlsx", "format") })
        {
            var response = await api.GetAsync($"/api/v1/reports/series?{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await Api.ReadAsync(response))!["errors"]![field]);
        }

        var overview = await GetJsonAsync(api, $"/api/v1/reports/overview?from={day1}&to={day2}");
        Assert.Equal([("lt1h", 2L), ("1h-4h", 0L), ("4h-8h", 0L), ("8h-24h", 0L), ("gt24h", 0L)],
            overview["firstResponseDistribution"]!.AsArray().Select(b => (b!["bucket"]!.GetValue<string>(), b["count"]!.GetValue<long>())).ToArray());
        Assert.Null(overview["qaScore"]!["value"]);
        Assert.Equal(0, overview["qaScore"]!["cases"]!.GetValue<long>());
        Assert.Equal(0, overview["missedCalls"]!["value"]!.GetValue<double>());
        Assert.Equal(2, overview["conversationsIn"]!["value"]!.GetValue<double>());

        // The order placed at 23:30 passes its four-hour target overnight: the sweep records its delay on 3 March.
        app.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(1, await app.SweepDelaysAsync());
        var delays = await GetJsonAsync(api, $"/api/v1/reports/overview?from={day2}&to={day2}");
        Assert.Equal(1, delays["delayedOrders"]!["value"]!.GetValue<double>());
        Assert.Equal(1, delays["delayNotices"]!["cases"]!.GetValue<long>());
        Assert.Equal(0, (await GetJsonAsync(api, $"/api/v1/reports/overview?from={day1}&to={day1}"))["delayedOrders"]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task An_agent_reads_only_their_own_numbers_and_gets_403_for_anyone_elses()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var (mine, myEmail, myId) = await app.SignedInUserAsync("Agent", "pl");
        var (_, otherEmail, otherId) = await app.SignedInUserAsync("Agent");
        foreach (var (email, channel) in new[] { (myEmail, "email"), (otherEmail, "email"), (otherEmail, "chat") })
        {
            var number = await ContactAsync(api, channel);
            await PatchAsync(api, number, new { assignee = email });
            app.Clock.Advance(TimeSpan.FromMinutes(5));
            await ReplyAsync(api, number);
            await PatchAsync(api, number, new { status = "resolved" });
        }
        var day = D(Day1);
        var own = await GetJsonAsync(mine, $"/api/v1/reports/overview?from={day}&to={day}");
        Assert.Equal(myId, own["agent"]!.GetValue<string>());
        Assert.Equal(1, own["resolved"]!["value"]!.GetValue<double>());
        Assert.Equal(1, own["firstResponseMedianSeconds"]!["cases"]!.GetValue<long>());
        Assert.Null(own["conversationsIn"]!["value"]);
        Assert.Null(own["backlog"]!["value"]);
        Assert.Equal(1, (await GetJsonAsync(mine, $"/api/v1/reports/overview?from={day}&to={day}&agent={myId}"))["resolved"]!["value"]!.GetValue<double>());
        var byChannel = await GetJsonAsync(mine, $"/api/v1/reports/overview?from={day}&to={day}&groupBy=channel");
        Assert.Equal(1, byChannel["groups"]!.AsArray().Sum(g => g!["resolved"]!.GetValue<int>()));
        Assert.Equal(1, (await GetJsonAsync(mine, $"/api/v1/reports/fcr?from={day}&to={day}"))["resolved"]!.GetValue<int>());
        Assert.Equal(1, Points((await GetJsonAsync(mine, $"/api/v1/reports/series?from={day}&to={day}&metric=fcr"))["days"]!).Single().Cases);
        Assert.Equal(1, Points((await GetJsonAsync(mine, $"/api/v1/reports/series?from={day}&to={day}&metric=first_response_median"))["days"]!).Single().Cases);
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync("/api/v1/reports/csat", Ct)).StatusCode);

        foreach (var url in new[]
        {
            $"/api/v1/reports/overview?agent={otherId}", "/api/v1/reports/overview?groupBy=agent", "/api/v1/reports/overview?groupBy=team",
            "/api/v1/reports/fcr?groupBy=agent", $"/api/v1/reports/fcr?agent={otherId}", $"/api/v1/reports/series?metric=fcr&agent={otherId}",
            "/api/v1/reports/series?metric=csat&groupBy=agent", $"/api/v1/reports/csat?agent={otherId}", "/api/v1/reports/csat?groupBy=agent",
            "/api/v1/reports/verbatims", "/api/v1/reports/conversations?format=csv", "/api/v1/reports/nps",
        })
        {
            Assert.True(HttpStatusCode.Forbidden == (await mine.GetAsync(url, Ct)).StatusCode, url);
        }

        var owner = await app.SignedInAsync("ServiceOwner");
        var theirs = await GetJsonAsync(owner, $"/api/v1/reports/overview?from={day}&to={day}&agent={otherId}");
        Assert.Equal((otherId, 2d), (theirs["agent"]!.GetValue<string>(), theirs["resolved"]!["value"]!.GetValue<double>()));
        var all = await GetJsonAsync(owner, $"/api/v1/reports/overview?from={day}&to={day}&groupBy=agent");
        Assert.Equal(3, all["resolved"]!["value"]!.GetValue<double>());
        Assert.Equal(3, all["conversationsIn"]!["value"]!.GetValue<double>());
        Assert.Equal([1, 2], all["groups"]!.AsArray().Where(g => g!["key"]!.GetValue<string>() is var k && (k == myId || k == otherId))
            .OrderBy(g => g!["key"]!.GetValue<string>() == myId ? 0 : 1).Select(g => g!["resolved"]!.GetValue<int>()).ToArray());
    }
}

public sealed class ReportSeriesApiSqliteTests(SqliteApp app) : ReportSeriesApiTests(app), IClassFixture<SqliteApp>;

public sealed class ReportSeriesApiPostgresTests(PostgresApp app) : ReportSeriesApiTests(app), IClassFixture<PostgresApp>;
