using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Feedback;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Reporting;

/// <summary>The verbatims (filters, paging, q in any alphabet, 400s), the per-conversation CSV streamed in more than one batch, the overview CSV, and agents kept out.</summary>
public abstract class ReportsExportApiTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Year + 1, 4, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Day = Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider).StartingAt(Start)
            .With("Touchpoint:Feedback:RunSender", "false").With("Touchpoint:Metrics:RunRollup", "false").With("Touchpoint:Metrics:ExportBatchSize", "2");
        await app.InitializeAsync();
        return app;
    }

    private static async Task<long> ContactAsync(HttpClient api, string email, string channel = "email")
    {
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            channel, subject = "Where is my parcel?", body = "It has not arrived.", topic = "order_fulfilment", acknowledge = false, orders = Array.Empty<string>(),
            customer = new { email, name = "Anna Nowak", language = "pl" },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Api.ReadAsync(created))!["number"]!.GetValue<long>();
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Api.ReadAsync(response))!;
    }

    private static string Email() => $"vera-{Guid.NewGuid():N}@example.com";

    private static async Task AnswerAsync(TouchpointApp app, SurveyKind kind, int value, string? comment, DateTime at)
    {
        await app.InScopeAsync<TouchpointDb, int>(async db =>
        {
            var customer = await db.Set<Touchpoint.Features.Customers.Customer>().FirstAsync(Ct);
            var survey = Survey.AfterConversation(kind, customer.Id, Guid.NewGuid(), 1, "ru", at, at);
            survey.MarkSent("ru", at, "email", "order_fulfilment", null);
            Assert.Equal(AnswerOutcome.Recorded, survey.Answer(value, at, TimeSpan.FromDays(30), out var fact));
            db.Add(survey);
            db.Add(fact!);
            if (comment is not null)
            {
                Assert.Equal(AnswerOutcome.Recorded, survey.Explain(comment, null, at, TimeSpan.FromDays(30), out var explained));
                db.Add(explained!);
            }
            return await db.SaveChangesAsync(Ct);
        });
    }

    [Fact]
    public async Task Verbatims_are_the_commented_answers_filtered_paged_and_searched_case_insensitively()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        await ContactAsync(api, Email());
        var at = Start.UtcDateTime;
        await AnswerAsync(app, SurveyKind.Csat, 5, "Всё ОТЛИЧНО, спасибо", at.AddMinutes(1));
        await AnswerAsync(app, SurveyKind.Csat, 2, "Paczka przyszła za późno", at.AddMinutes(2));
        await AnswerAsync(app, SurveyKind.Csat, 4, null, at.AddMinutes(3));
        await AnswerAsync(app, SurveyKind.Nps, 9, "Great shop", at.AddMinutes(4));

        var all = await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}");
        Assert.Equal(["Great shop", "Paczka przyszła za późno", "Всё ОТЛИЧНО, спасибо"], all["items"]!.AsArray().Select(i => i!["comment"]!.GetValue<string>()).ToArray());
        Assert.False(all["hasMore"]!.GetValue<bool>());
        var first = all["items"]![0]!;
        Assert.Equal(("nps", "support", 9, "ru"), (first["kind"]!.GetValue<string>(), first["touchpoint"]!.GetValue<string>(), first["score"]!.GetValue<int>(), first["language"]!.GetValue<string>()));
        Assert.EndsWith("@example.com", first["customer"]!["email"]!.GetValue<string>(), StringComparison.Ordinal);

        var csat = await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}&kind=csat&pageSize=1");
        Assert.Equal("Paczka przyszła za późno", csat["items"]![0]!["comment"]!.GetValue<string>());
        Assert.True(csat["hasMore"]!.GetValue<bool>());
        var second = await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}&kind=csat&pageSize=1&page=2");
        Assert.Equal("Всё ОТЛИЧНО, спасибо", second["items"]![0]!["comment"]!.GetValue<string>());
        Assert.False(second["hasMore"]!.GetValue<bool>());

        var found = await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}&q=" + Uri.EscapeDataString("отлично"));
        Assert.Equal(5, found["items"]!.AsArray().Single()!["score"]!.GetValue<int>());
        var polish = await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}&q=" + Uri.EscapeDataString("PÓŹNO"));
        Assert.Single(polish["items"]!.AsArray());
        Assert.Single((await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}&kind=csat&score=2"))["items"]!.AsArray());
        Assert.Empty((await GetJsonAsync(api, $"/api/v1/reports/verbatims?from={Day}&to={Day}&touchpoint=delivery"))["items"]!.AsArray());

        foreach (var (query, field) in new[] { ("kind=ces", "kind"), ("touchpoint=web", "touchpoint"), ("kind=csat&score=9", "score"), ("page=0", "page"),
            ("pageSize=101", "pageSize"), ("from=04/07", "from"), ("q=%20", "q") })
        {
            var response = await api.GetAsync($"/api/v1/reports/verbatims?{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await Api.ReadAsync(response))!["errors"]![field]);
        }
    }

    [Fact]
    public async Task The_conversations_CSV_streams_one_row_per_conversation_over_several_batches_and_the_overview_has_a_CSV()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var numbers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            numbers.Add(await ContactAsync(api, Email(), i % 2 == 0 ? "email" : "chat"));
        }
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/conversations/{numbers[0]}/messages", new { type = "reply", body = "On its way." }, Api.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync($"/api/v1/conversations/{numbers[0]}", JsonContent.Create(new { status = "resolved" }, options: Api.Json), Ct)).StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/conversations?from={Day}&to={Day}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await api.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("number,channel,topic,customerEmail,assignee,created,firstReply,resolved,firstResponseSla,resolutionSla,csat,fcr,repeatOf", lines[0]);
        // Five conversations read two at a time: every one once, in number order.
        Assert.Equal(numbers, lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList());
        var resolved = lines[1].Split(',');
        Assert.Equal(("email", "order_fulfilment", "ok", ""), (resolved[1], resolved[2], resolved[11], resolved[12]));
        Assert.Contains("@example.com", resolved[3], StringComparison.Ordinal);
        Assert.Equal(Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), resolved[5]);
        Assert.NotEqual("", resolved[6]);
        Assert.NotEqual("", resolved[7]);
        Assert.Equal("met", resolved[8]);
        var open = lines[2].Split(',');
        Assert.Equal(("chat", "", "", "—"), (open[1], open[6], open[7], open[11]));

        var bad = await api.GetAsync($"/api/v1/reports/conversations?format=xlsx", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await Api.ReadAsync(bad))!["errors"]!["format"]);

        var overview = await api.GetAsync($"/api/v1/reports/overview?from={Day}&to={Day}&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        var rows = (await overview.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("metric,value,previous,cases,previousCases", rows[0]);
        Assert.Equal("conversationsIn,5,0,5,0", rows[1]);
        Assert.Equal("fcr,100.0,,1,0", rows.Single(r => r.StartsWith("fcr,", StringComparison.Ordinal)));
        Assert.Equal("resolved,1,0,1,0", rows.Single(r => r.StartsWith("resolved,", StringComparison.Ordinal)));
        Assert.Equal("missedCalls,0,0,0,0", rows.Single(r => r.StartsWith("missedCalls,", StringComparison.Ordinal)));
        Assert.Equal("pendingAsksNothing,0,0,0,0", rows.Single(r => r.StartsWith("pendingAsksNothing,", StringComparison.Ordinal)));
        Assert.Equal(21, rows.Length);
    }

    [Fact]
    public async Task An_agent_gets_no_store_wide_reports_the_owner_and_auditor_do()
    {
        await using var app = await StartAsync();
        var agent = await app.SignedInAsync("Agent");
        // The agent's own overview is ReportSeriesApiTests'; the verbatims and the per-conversation CSV stay the report roles'.
        foreach (var url in new[] { "/api/v1/reports/overview?groupBy=agent", "/api/v1/reports/verbatims", "/api/v1/reports/conversations?format=csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(url, Ct)).StatusCode);
        }
        foreach (var role in new[] { "ServiceOwner", "Auditor" })
        {
            var client = await app.SignedInAsync(role);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/reports/verbatims", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/reports/overview?format=csv", Ct)).StatusCode);
        }
    }
}

public sealed class ReportsExportApiSqliteTests(SqliteApp app) : ReportsExportApiTests(app), IClassFixture<SqliteApp>;

public sealed class ReportsExportApiPostgresTests(PostgresApp app) : ReportsExportApiTests(app), IClassFixture<PostgresApp>;
