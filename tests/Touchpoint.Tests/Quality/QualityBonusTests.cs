using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>Approving a month's bonus freezes its table; the table and its CSV then answer from the copy. SQLite and PostgreSQL.</summary>
public abstract class QualityBonusTests(TouchpointApp fixture)
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

    private static async Task ReviewAsync(HttpClient api, string card, string reviewee, double greets, double noLies)
    {
        var answers = new object[] { new { criterion = "greets", value = greets }, new { criterion = "no_lies", value = noLies } };
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/reviews", new { scorecard = card, reviewee, answers });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
    }

    private static JsonNode Row(JsonNode table, string agent) =>
        table["items"]!.AsArray().Single(r => string.Equals(r!["agent"]!.GetValue<string>(), agent, StringComparison.OrdinalIgnoreCase))!;

    [Fact]
    public async Task An_approved_month_is_frozen_once_and_exported_as_csv()
    {
        var api = await App.ApiClientAsync();
        var card = $"bonus-{Guid.NewGuid():N}"[..20];
        var (put, putBody) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{card}", new
        {
            touchpoint = "support", name = Text("Bonus card"),
            criteria = new object[]
            {
                new { key = "greets", section = "main", text = Text("Greets"), scale = "yes_no", weight = 1, allowNa = false, critical = false },
                new { key = "no_lies", section = "main", text = Text("No lies"), scale = "yes_no", weight = 1, allowNa = false, critical = true },
            },
        });
        Assert.True(put == HttpStatusCode.Created, putBody?.ToJsonString());
        var (agentClient, agentEmail, _) = await App.SignedInUserAsync("Agent");
        var other = await App.CreateUserAsync("Agent");
        await ReviewAsync(api, card, agentEmail, 1, 1);
        await ReviewAsync(api, card, other.Email, 1, 1);
        var period = TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw"))
            .ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var (_, live) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&pageSize=500");
        Assert.False(live!["frozen"]!.GetValue<bool>());
        Assert.Equal(100, Row(live, agentEmail)["bonusPercent"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Post, $"/api/v1/quality/bonus/{period}/approve")).Status);
        var (bad, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/bonus/2026-13/approve");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(problem!["errors"]!["period"]);

        var (approved, frozen) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/bonus/{period}/approve");
        Assert.True(approved == HttpStatusCode.Created, frozen?.ToJsonString());
        Assert.True(frozen!["frozen"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(frozen["approvedBy"]!.GetValue<string>()));
        Assert.NotNull(frozen["approvedAt"]);
        Assert.Equal(100, Row(frozen, agentEmail)["bonusPercent"]!.GetValue<int>());

        // A critical fail after approval no longer changes what was approved.
        await ReviewAsync(api, card, agentEmail, 1, 0);
        var (_, after) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&pageSize=500");
        Assert.True(after!["frozen"]!.GetValue<bool>());
        Assert.Equal(100, Row(after, agentEmail)["bonusPercent"]!.GetValue<int>());
        Assert.Equal(100, Row(after, agentEmail)["score"]!.GetValue<double>());

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/bonus/{period}/approve")).Status);

        // The agent reads their own frozen row only.
        var (_, own) = await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}");
        Assert.True(own!["frozen"]!.GetValue<bool>());
        Assert.Equal(agentEmail, Assert.Single(own["items"]!.AsArray())!["agent"]!.GetValue<string>(), ignoreCase: true);

        var csv = await api.GetAsync($"/api/v1/quality/bonus?period={period}&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("agent,score,bonusPercent,reason,qaScore,slaCompliance,slaWeight", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(agentEmail + ",100.0,100,", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.StartsWith(other.Email + ",", StringComparison.OrdinalIgnoreCase));

        using var accept = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/quality/bonus?period={period}");
        accept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byHeader = await api.SendAsync(accept, Ct);
        Assert.Equal("text/csv", byHeader.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/bonus?period={period}&format=xml")).Status);
    }
}

public sealed class QualityBonusSqliteTests(SqliteApp app) : QualityBonusTests(app), IClassFixture<SqliteApp>;

public sealed class QualityBonusPostgresTests(PostgresApp app) : QualityBonusTests(app), IClassFixture<PostgresApp>;
