using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Sla;

/// <summary>
/// A policy's or calendar's name is the key the API uses; people read its title in their language. The shipped ones
/// come titled in English, Russian and Polish, and a store from before titles existed gets them on the next start.
/// </summary>
public abstract class SlaTitleTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider);
        await app.InitializeAsync();
        return app;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(HttpClient api, string url, object body)
    {
        var response = await api.PutAsJsonAsync(url, body, Api.Json, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static string Title(JsonNode? item, string language) => item!["title"]![language]!.GetValue<string>();

    [Fact]
    public async Task The_shipped_policies_and_calendar_are_titled_in_every_language_under_their_keys()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var policies = (await Api.ReadAsync(await api.GetAsync("/api/v1/sla/policies", Ct)))!.AsArray();
        Assert.Equal(["Chat", "Callback", "Email and web form", "Other channels"], policies.Select(p => p!["name"]!.GetValue<string>()));
        foreach (var p in policies)
        {
            foreach (var language in Languages.Supported)
            {
                Assert.False(string.IsNullOrWhiteSpace(Title(p, language)), $"{p!["name"]} has no {language} title");
            }
        }
        var email = policies.Single(p => p!["name"]!.GetValue<string>() == "Email and web form");
        Assert.Equal(("Email and web form", "Почта и веб-форма", "E-mail i formularz"), (Title(email, "en"), Title(email, "ru"), Title(email, "pl")));
        var calendar = (await Api.ReadAsync(await api.GetAsync("/api/v1/sla/calendars/Business%20hours", Ct)))!;
        Assert.Equal(("Business hours", "Рабочие часы", "Godziny pracy"), (Title(calendar, "en"), Title(calendar, "ru"), Title(calendar, "pl")));

        // The conversation page reads the title through Conversations' seam, in the reader's language; an unknown key shows as itself.
        var titles = app.Get<ISlaPolicyTitles>();
        Assert.Equal("Почта и веб-форма", await titles.TitleAsync("Email and web form", "ru", Ct));
        Assert.Equal("Czat", await titles.TitleAsync("Chat", "pl", Ct));
        Assert.Equal("Gone policy", await titles.TitleAsync("Gone policy", "pl", Ct));
    }

    [Fact]
    public async Task A_title_is_optional_kept_when_left_out_and_checked_when_given()
    {
        await using var app = await StartAsync();
        var api = await app.ApiClientAsync();
        var targets = new[] { new { target = "first_response", goalSeconds = 600 } };

        // Without a title the key is what people read.
        var (status, plain) = await PutAsync(api, "/api/v1/sla/policies/Wholesale", new { position = 5, targets });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Empty(plain!["title"]!.AsObject());
        var catalog = app.Get<SlaCatalog>();
        catalog.Invalidate();
        Assert.Equal("Wholesale", (await catalog.GetAsync(Ct)).Policy("Wholesale")!.Shown("ru"));

        (status, var titled) = await PutAsync(api, "/api/v1/sla/policies/Wholesale",
            new { title = new { en = "Wholesale", ru = "Оптовые клиенты", pl = "Klienci hurtowi" }, position = 5, targets });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Оптовые клиенты", Title(titled, "ru"));

        // A client that does not know titles replaces the policy without wiping them.
        (status, var replaced) = await PutAsync(api, "/api/v1/sla/policies/Wholesale", new { position = 7, targets });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Klienci hurtowi", 7), (Title(replaced, "pl"), replaced!["position"]!.GetValue<int>()));
        var stored = await app.InScopeAsync<TouchpointDb, SlaPolicy>(db => db.Set<SlaPolicy>().AsNoTracking().SingleAsync(p => p.Name == "Wholesale", Ct));
        Assert.Equal(LocalizedText.Of("Wholesale", "Оптовые клиенты", "Klienci hurtowi"), stored.Title);

        // Unknown languages, no English, too long: 400 naming the field.
        (status, var bad) = await PutAsync(api, "/api/v1/sla/policies/Wholesale", new { title = new Dictionary<string, string> { ["de"] = "Großhandel", ["en"] = "Wholesale" }, targets });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("title.de", bad!["errors"]!.AsObject().Select(e => e.Key));
        (status, bad) = await PutAsync(api, "/api/v1/sla/policies/Wholesale", new { title = new { ru = "Опт" }, targets });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("title.en", bad!["errors"]!.AsObject().Select(e => e.Key));
        (status, bad) = await PutAsync(api, "/api/v1/sla/calendars/Warehouse", new
        {
            title = new { en = new string('x', 101) }, timeZone = "Europe/Warsaw", week = new { monday = new[] { new { from = "07:00", to = "15:00" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("title.en", bad!["errors"]!.AsObject().Select(e => e.Key));

        (status, var calendar) = await PutAsync(api, "/api/v1/sla/calendars/Warehouse", new
        {
            title = new { en = "Warehouse shifts", ru = "Смены склада", pl = "Zmiany magazynu" }, timeZone = "Europe/Warsaw",
            week = new { monday = new[] { new { from = "07:00", to = "15:00" } } },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Zmiany magazynu", Title(calendar, "pl"));
        Assert.Equal("Смены склада", Title(await Api.ReadAsync(await api.GetAsync("/api/v1/sla/calendars/Warehouse", Ct)), "ru"));
    }

    [Fact]
    public async Task A_store_from_before_titles_gets_the_shipped_ones_and_keeps_its_own()
    {
        await using var app = await StartAsync();
        await app.InScopeAsync<TouchpointDb, int>(async db =>
        {
            foreach (var p in await db.Set<SlaPolicy>().ToListAsync(Ct))
            {
                p.Title = p.Name == "Chat" ? LocalizedText.Of("Live chat", "Онлайн-чат", "Czat na żywo") : LocalizedText.Empty;
            }
            foreach (var c in await db.Set<SlaCalendar>().ToListAsync(Ct))
            {
                c.Title = LocalizedText.Empty;
            }
            db.Add(new SlaPolicy { Name = "Own policy", Position = 50, Conditions = "{}", Targets = "[]" });
            return await db.SaveChangesAsync(Ct);
        });

        var filled = await app.InScopeAsync<TouchpointDb, int>(db => SlaDefaults.FillShippedTitlesAsync(db, Ct));
        Assert.Equal(4, filled);   // three policies and the calendar; Chat keeps the title the owner gave it
        var (policies, calendars) = await app.InScopeAsync<TouchpointDb, (List<SlaPolicy>, List<SlaCalendar>)>(async db =>
            (await db.Set<SlaPolicy>().AsNoTracking().ToListAsync(Ct), await db.Set<SlaCalendar>().AsNoTracking().ToListAsync(Ct)));
        Assert.Equal("Онлайн-чат", policies.Single(p => p.Name == "Chat").Title.For("ru"));
        Assert.Equal("Inne kanały", policies.Single(p => p.Name == "Other channels").Title.For("pl"));
        Assert.Empty(policies.Single(p => p.Name == "Own policy").Title.Values);
        Assert.Equal("Рабочие часы", calendars.Single(c => c.Name == SlaDefaults.Calendar).Title.For("ru"));
        Assert.Equal(0, await app.InScopeAsync<TouchpointDb, int>(db => SlaDefaults.FillShippedTitlesAsync(db, Ct)));
    }
}

public sealed class SlaTitleSqliteTests(SqliteApp app) : SlaTitleTests(app), IClassFixture<SqliteApp>;

public sealed class SlaTitlePostgresTests(PostgresApp app) : SlaTitleTests(app), IClassFixture<PostgresApp>;
