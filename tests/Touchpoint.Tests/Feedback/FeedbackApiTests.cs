using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Feedback;

/// <summary>
/// Surveys through the real API and the public pages: each test runs its own app on a fake clock with the sender's loop
/// off, and runs the sender when the test says time has passed.
/// </summary>
public abstract partial class FeedbackApiTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Year + 1, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private async Task<TouchpointApp> StartAsync(params (string Key, string Value)[] settings)
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider).StartingAt(Start).With("Touchpoint:Feedback:RunSender", "false");
        foreach (var (k, v) in settings)
        {
            app.With(k, v);
        }
        await app.InitializeAsync();
        return app;
    }

    private static Task<int> SendSurveysAsync(TouchpointApp app) => app.Get<SurveySender>().RunNowAsync(Ct);

    private static async Task<(long Number, Guid Customer)> ResolvedConversationAsync(HttpClient api, string email, string language = "pl")
    {
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            channel = "email", subject = "Where is my parcel?", body = "It has not arrived.", acknowledge = false,
            customer = new { email, name = "Anna Nowak", language },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await Api.ReadAsync(created))!;
        var number = body["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(api, number, "resolved")).StatusCode);
        var conversation = await GetJsonAsync(api, $"/api/v1/conversations/{number}");
        return (number, conversation["customer"]!["id"]!.GetValue<Guid>());
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient api, long number, string status) =>
        api.PatchAsync($"/api/v1/conversations/{number}", JsonContent.Create(new { status }, options: Api.Json), Ct);

    private static Task<List<OutboxMessage>> MailsAsync(TouchpointApp app, string kind) =>
        app.InScopeAsync<TouchpointDb, List<OutboxMessage>>(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Kind == kind).OrderBy(m => m.CreatedAt).ToListAsync(Ct));

    private static Task<List<Survey>> SurveysAsync(TouchpointApp app) =>
        app.InScopeAsync<TouchpointDb, List<Survey>>(db => db.Set<Survey>().AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(Ct));

    private static Task<int> FactCountAsync(TouchpointApp app) =>
        app.InScopeAsync<TouchpointDb, int>(db => db.Set<SurveyAnswerFact>().CountAsync(Ct));

    [GeneratedRegex(@"^(\d+): https://shop\.test(/survey/[A-Za-z0-9_-]+)$", RegexOptions.Multiline)]
    private static partial Regex LinkLine();

    /// <summary>The survey links of a mail by label: "5" → its path.</summary>
    private static Dictionary<string, string> Links(string text) =>
        LinkLine().Matches(text.Replace("\r", "", StringComparison.Ordinal)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private static HttpClient Visitor(TouchpointApp app, string? language = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return client;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Api.ReadAsync(response))!;
    }

    [Fact]
    public async Task A_resolved_conversation_gets_CSAT_after_the_delay_and_a_click_records_and_changes_the_answer()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var (number, customer) = await ResolvedConversationAsync(api, $"anna-{Guid.NewGuid():N}@example.com");

        Assert.Equal(0, await SendSurveysAsync(app));
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await SendSurveysAsync(app));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendSurveysAsync(app));
        Assert.Equal(0, await SendSurveysAsync(app));

        var mail = Assert.Single(await MailsAsync(app, SurveySender.MailKindCsat));
        Assert.Equal("Jak nam poszło?", mail.Title);
        Assert.Equal("pl", mail.Language);
        Assert.Contains($"#{number}", mail.Body, StringComparison.Ordinal);
        var links = Links(mail.Body);
        Assert.Equal(["1", "2", "3", "4", "5"], links.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(5, links.Values.Distinct().Count());
        Assert.Contains(">5</a>", mail.HtmlBody, StringComparison.Ordinal);

        var visitor = Visitor(app);
        var page = await visitor.GetAsync(links["5"], Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Dziękujemy za odpowiedź", html, StringComparison.Ordinal);
        Assert.Contains("Twoja odpowiedź: 5", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<form method=\"post\"", html, StringComparison.Ordinal);

        var csat = await GetJsonAsync(api, $"/api/v1/reports/csat?from={Start.UtcDateTime:yyyy-MM-dd}&to={Start.UtcDateTime.AddDays(2):yyyy-MM-dd}&groupBy=channel");
        Assert.Equal(100.0, csat["csat"]!.GetValue<double>());
        Assert.Equal(1, csat["responses"]!.GetValue<int>());
        var group = Assert.Single(csat["groups"]!.AsArray());
        Assert.Equal("email", group!["key"]!.GetValue<string>());

        // The same click again changes nothing; another number changes the answer, and the report follows.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(links["5"], Ct)).StatusCode);
        Assert.Equal(1, await FactCountAsync(app));
        app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(links["2"], Ct)).StatusCode);
        Assert.Equal(2, await FactCountAsync(app));
        csat = await GetJsonAsync(api, $"/api/v1/reports/csat?from={Start.UtcDateTime:yyyy-MM-dd}&to={Start.UtcDateTime.AddDays(2):yyyy-MM-dd}");
        Assert.Equal(0.0, csat["csat"]!.GetValue<double>());
        Assert.Equal(1, csat["responses"]!.GetValue<int>());

        // The comment and reason form posts the same signed token.
        var posted = await visitor.PostAsync(links["2"], new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["comment"] = "Odpowiedź przyszła po trzech dniach.", ["reason"] = "speed", ["lang"] = "pl",
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Twój komentarz został zapisany.", await posted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var list = await GetJsonAsync(api, $"/api/v1/surveys?customer={customer}&kind=csat");
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(2, item["value"]!.GetValue<int>());
        Assert.Equal("Odpowiedź przyszła po trzech dniach.", item["comment"]!.GetValue<string>());
        Assert.Equal("speed", item["reason"]!.GetValue<string>());
        Assert.Equal(number, item["conversation"]!.GetValue<long>());

        // After the answer window the link says the survey has closed and changes nothing.
        app.Clock.Advance(TimeSpan.FromDays(26));
        var closed = await visitor.GetAsync(links["4"], Ct);
        Assert.Equal(HttpStatusCode.Gone, closed.StatusCode);
        Assert.Contains("Ta ankieta jest już zamknięta", await closed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(3, await FactCountAsync(app));
        Assert.Equal(2, (await SurveysAsync(app)).Single().Value);
    }

    [Fact]
    public async Task Forged_cut_and_foreign_links_get_a_clear_page_in_the_visitors_language_and_change_nothing()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        await ResolvedConversationAsync(api, $"bad-{Guid.NewGuid():N}@example.com");
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await SendSurveysAsync(app));
        var real = Links(Assert.Single(await MailsAsync(app, SurveySender.MailKindCsat)).Body)["3"];
        var token = real["/survey/".Length..];
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var visitor = Visitor(app, "ru");
        foreach (var path in new[] { $"/survey/{tampered}", $"/survey/{token[..20]}", "/survey/1001", $"/survey/{Guid.NewGuid():N}", $"/survey/{new string('A', 600)}" })
        {
            var response = await visitor.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Эта ссылка на опрос не работает", html, StringComparison.Ordinal);
            Assert.Contains("lang=\"ru\"", html, StringComparison.Ordinal);
        }
        var post = await visitor.PostAsync($"/survey/{tampered}", new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "x" }), Ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(0, await FactCountAsync(app));
        Assert.Null((await SurveysAsync(app)).Single().Value);
        // The real link still works.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(real, Ct)).StatusCode);
        Assert.Equal(1, await FactCountAsync(app));
    }

    [Fact]
    public async Task No_survey_after_a_reopen_to_a_mystery_shopper_or_within_the_quiet_days()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var (reopened, _) = await ResolvedConversationAsync(api, $"reopen-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(api, reopened, "open")).StatusCode);

        var (_, shopper) = await ResolvedConversationAsync(api, $"shopper-{Guid.NewGuid():N}@example.com");
        await app.InScopeAsync<TouchpointDb, int>(async db =>
        {
            var c = await db.Set<Customer>().FirstAsync(x => x.Id == shopper, Ct);
            c.SetMysteryShopper(true, app.Clock.GetUtcNow().UtcDateTime, "tests");
            return await db.SaveChangesAsync(Ct);
        });

        var regular = $"regular-{Guid.NewGuid():N}@example.com";
        await ResolvedConversationAsync(api, regular);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await SendSurveysAsync(app));

        // The same customer's next resolved conversation, two days later: inside the quiet days.
        app.Clock.Advance(TimeSpan.FromDays(2));
        await ResolvedConversationAsync(api, regular);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await SendSurveysAsync(app));

        var surveys = await SurveysAsync(app);
        Assert.Equal(4, surveys.Count);
        Assert.Equal(["reopened", "mystery_shopper", "-", "quiet_days"], surveys.Select(s => s.SkipReason ?? "-").ToArray());
        Assert.Equal([SurveyState.Skipped, SurveyState.Skipped, SurveyState.Sent, SurveyState.Skipped], surveys.Select(s => s.State).ToArray());
        Assert.Single(await MailsAsync(app, SurveySender.MailKindCsat));

        // A skipped survey is skipped, not queued: later passes send nothing.
        app.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(0, await SendSurveysAsync(app));
    }

    [Fact]
    public async Task Sending_is_throttled_per_hour()
    {
        await using var app = await StartAsync(("Touchpoint:Feedback:MaxPerHour", "2"));
        var api = await app.ApiClientAsync();
        for (var i = 0; i < 3; i++)
        {
            await ResolvedConversationAsync(api, $"many-{i}-{Guid.NewGuid():N}@example.com");
        }
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await SendSurveysAsync(app));
        Assert.Equal(0, await SendSurveysAsync(app));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await SendSurveysAsync(app));
        Assert.Equal(3, (await MailsAsync(app, SurveySender.MailKindCsat)).Count);
    }

    private static async Task DeliverAsync(HttpClient api, string number, string email)
    {
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(number, Api.Order(email: email, language: "ru"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(number, "shipped")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(number, "delivered")).Status);
    }

    [Fact]
    public async Task A_delivered_order_gets_NPS_and_a_detractor_opens_a_high_priority_complaint()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var order = Api.NewNumber();
        await DeliverAsync(api, order, $"nps-{Guid.NewGuid():N}@example.com");
        app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await SendSurveysAsync(app));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendSurveysAsync(app));
        var mail = Assert.Single(await MailsAsync(app, SurveySender.MailKindNps));
        Assert.Equal("ru", mail.Language);
        Assert.StartsWith("Насколько вероятно, что вы порекомендуете", mail.Title, StringComparison.Ordinal);
        var links = Links(mail.Body);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), links.Keys.OrderBy(int.Parse).ToArray());

        var visitor = Visitor(app);
        var page = await visitor.GetAsync(links["3"], Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Почему?", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var survey = Assert.Single(await SurveysAsync(app));
        Assert.Equal(SurveyTouchpoint.Delivery, survey.Touchpoint);
        var complaint = Assert.IsType<long>(survey.ComplaintNumber);
        var conversation = await GetJsonAsync(api, $"/api/v1/conversations/{complaint}");
        Assert.Equal("complaints", conversation["topic"]!.GetValue<string>());
        Assert.Equal("high", conversation["priority"]!.GetValue<string>());
        Assert.Contains("3", conversation["messages"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(order, conversation["messages"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // A second click, and the comment: still one complaint; the comment lands in it.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(links["2"], Ct)).StatusCode);
        var posted = await visitor.PostAsync(links["2"], new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "Курьер опоздал на три дня.", ["reason"] = "delivery" }), Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(complaint, (await SurveysAsync(app)).Single().ComplaintNumber);
        conversation = await GetJsonAsync(api, $"/api/v1/conversations/{complaint}");
        Assert.Contains(conversation["messages"]!.AsArray(), m => m!["text"]!.GetValue<string>().Contains("Курьер опоздал", StringComparison.Ordinal));
        var complaints = await GetJsonAsync(api, "/api/v1/conversations?topic=complaints");
        Assert.Single(complaints["items"]!.AsArray());

        var nps = await GetJsonAsync(api, $"/api/v1/reports/nps?from={Start.UtcDateTime:yyyy-MM-dd}&to={Start.UtcDateTime.AddDays(30):yyyy-MM-dd}&touchpoint=delivery");
        Assert.Equal(-100.0, nps["nps"]!.GetValue<double>());
        Assert.Equal(1, nps["responses"]!.GetValue<int>());
        Assert.Equal(1, nps["detractors"]!.GetValue<int>());
        Assert.Single(nps["months"]!.AsArray());
        var support = await GetJsonAsync(api, $"/api/v1/reports/nps?from={Start.UtcDateTime:yyyy-MM-dd}&to={Start.UtcDateTime.AddDays(30):yyyy-MM-dd}&touchpoint=support");
        Assert.Equal(0, support["responses"]!.GetValue<int>());
        Assert.Null(support["nps"]);
    }

    [Fact]
    public async Task A_second_delivery_within_six_months_sends_no_second_survey()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var email = $"twice-{Guid.NewGuid():N}@example.com";
        await DeliverAsync(api, Api.NewNumber(), email);
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await SendSurveysAsync(app));
        var promoter = Links(Assert.Single(await MailsAsync(app, SurveySender.MailKindNps)).Body)["10"];
        Assert.Equal(HttpStatusCode.OK, (await Visitor(app).GetAsync(promoter, Ct)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(60));
        await DeliverAsync(api, Api.NewNumber(), email);
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, await SendSurveysAsync(app));
        var surveys = await SurveysAsync(app);
        Assert.Equal(SkipReasons.Frequency, surveys[1].SkipReason);
        Assert.Single(await MailsAsync(app, SurveySender.MailKindNps));
    }

    [Fact]
    public async Task The_relationship_survey_asks_every_customer_of_a_cycle_once_per_cycle_and_counts_what_it_sent()
    {
        await using var app = await StartAsync(("Touchpoint:Feedback:RunRelationship", "false"), ("Touchpoint:Feedback:RelationshipEveryMonths", "6"));
        var api = await app.ApiClientAsync();
        var schedule = app.Get<RelationshipSurveys>();
        var loyal = $"loyal-{Guid.NewGuid():N}@example.com";
        var shopper = $"shopper-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(Api.NewNumber(), Api.Order(email: loyal, language: "ru"))).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(Api.NewNumber(), Api.Order(email: shopper))).Status);
        await app.InScopeAsync<TouchpointDb, int>(async db =>
        {
            var c = await db.Set<Customer>().FirstAsync(x => x.Email == shopper, Ct);
            c.SetMysteryShopper(true, app.Clock.GetUtcNow().UtcDateTime, "tests");
            return await db.SaveChangesAsync(Ct);
        });
        // A customer of less than a cycle is not asked yet.
        Assert.Equal(0, await schedule.RunNowAsync(Ct));

        app.Clock.Advance(TimeSpan.FromDays(200));
        var newcomer = $"new-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(Api.NewNumber(), Api.Order(email: newcomer))).Status);
        Assert.Equal(1, await schedule.RunNowAsync(Ct));
        Assert.Equal(0, await schedule.RunNowAsync(Ct));
        using (var sent = new Measurements("touchpoint.surveys.sent"))
        {
            Assert.Equal(1, await SendSurveysAsync(app));
            Assert.Equal([1.0], sent.Values);
        }
        var mail = Assert.Single(await MailsAsync(app, SurveySender.MailKindNps));
        Assert.Equal("ru", mail.Language);
        Assert.Equal(11, Links(mail.Body).Count);
        var survey = Assert.Single(await SurveysAsync(app));
        Assert.Equal((SurveyTouchpoint.Relationship, SurveyKind.Nps, SurveyState.Sent), (survey.Touchpoint, survey.Kind, survey.State));
        // The first answer is counted, a change of it is not (the use case the survey page calls, in this test's flow).
        using (var answered = new Measurements("touchpoint.surveys.answered"))
        {
            foreach (var value in new[] { "8", "9" })
            {
                var token = Links(mail.Body)[value].Split('/')[^1];
                var result = await app.InScopeAsync<AnswerSurvey, AnswerResponse>(a => a.ExecuteAsync(token, Ct));
                Assert.Equal(AnswerResult.Recorded, result.Result);
            }
            Assert.Equal([1.0], answered.Values);
        }
        var nps = await GetJsonAsync(api, "/api/v1/reports/nps?touchpoint=relationship&to=" + Uri.EscapeDataString(app.Clock.GetUtcNow().AddDays(1).ToString("O")));
        Assert.Equal(1, nps["promoters"]!.GetValue<int>());

        // A cycle later both the loyal customer and the newcomer are due; the mystery shopper never is.
        app.Clock.Advance(TimeSpan.FromDays(185));
        Assert.Equal(2, await schedule.RunNowAsync(Ct));
        Assert.Equal(2, await SendSurveysAsync(app));
        var emails = await app.InScopeAsync<TouchpointDb, List<string>>(db => db.Set<Survey>().Where(s => s.Touchpoint == SurveyTouchpoint.Relationship)
            .Join(db.Set<Customer>(), s => s.CustomerId, c => c.Id, (s, c) => c.Email).ToListAsync(Ct));
        Assert.Equal(2, emails.Count(e => e == loyal));
        Assert.Single(emails, e => e == newcomer);
        Assert.DoesNotContain(shopper, emails);
    }

    [Fact]
    public async Task Reports_and_the_survey_list_validate_their_parameters_and_need_a_sign_in()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        foreach (var (url, field) in new[]
        {
            ("/api/v1/reports/csat?from=yesterday", "from"),
            ("/api/v1/reports/csat?from=2026-05-02&to=2026-05-01", "to"),
            ("/api/v1/reports/csat?groupBy=colour", "groupBy"),
            ("/api/v1/reports/nps?touchpoint=shop", "touchpoint"),
            ("/api/v1/reports/nps?to=13-13-2026", "to"),
            ("/api/v1/surveys?kind=ces", "kind"),
            ("/api/v1/surveys?customer=anna", "customer"),
            ("/api/v1/surveys?pageSize=1000", "pageSize"),
        })
        {
            var response = await api.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await Api.ReadAsync(response))!["errors"]![field]);
        }
        var empty = await GetJsonAsync(api, "/api/v1/reports/csat");
        Assert.Equal(0, empty["responses"]!.GetValue<int>());
        Assert.Null(empty["csat"]);
        var anonymous = Visitor(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/nps", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/surveys", Ct)).StatusCode);
        var agent = await app.SignedInAsync(Touchpoint.Platform.Web.Roles.Agent);
        // An agent reads CSAT of their own answers only; NPS and anyone else's numbers stay closed (ReportSeriesApiTests has the rest).
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/reports/csat", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/reports/csat?groupBy=agent", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/reports/nps", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/surveys", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_NPS_mail_arrives_by_real_mail_and_its_link_records_the_answer()
    {
        var host = TestEnvironment.RequireSmtp();
        var storeName = $"Shop {Guid.NewGuid():N}"[..17];
        await using var app = await StartAsync(
            ("Touchpoint:Smtp:Host", host), ("Touchpoint:Smtp:Port", TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Touchpoint:Smtp:Security", "None"), ("Touchpoint:Smtp:From", "shop@localhost"), ("Touchpoint:Store:Name", storeName));
        var api = await app.ApiClientAsync();
        var order = Api.NewNumber("M");
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(order, Api.Order(email: TestEnvironment.MailTo, language: "en"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(order, "shipped")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(order, "delivered")).Status);
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await SendSurveysAsync(app));
        await app.DispatchOutboxAsync();
        var mail = Assert.Single(await Mailbox.WaitForAsync($"recommend {storeName}", 1));
        Assert.Equal($"How likely are you to recommend {storeName} to a friend?", mail.Subject);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        var links = Links(mail.TextBody ?? "");
        Assert.Equal(11, links.Count);
        var page = await Visitor(app).GetAsync(links["9"], Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var nps = await GetJsonAsync(api, "/api/v1/reports/nps?touchpoint=delivery&to=" + Uri.EscapeDataString(app.Clock.GetUtcNow().AddDays(1).ToString("O")));
        Assert.Equal(100.0, nps["nps"]!.GetValue<double>());
        Assert.Equal(1, nps["promoters"]!.GetValue<int>());
    }
}

public sealed class FeedbackApiSqliteTests(SqliteApp app) : FeedbackApiTests(app), IClassFixture<SqliteApp>;

public sealed class FeedbackApiPostgresTests(PostgresApp app) : FeedbackApiTests(app), IClassFixture<PostgresApp>;
