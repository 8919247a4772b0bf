using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Knowledge;

/// <summary>
/// SPIN sales scripts (Knowledge) and the ticks an agent makes on a sales conversation (Quality), through the API,
/// on SQLite and PostgreSQL: the shipped scripts, writing and deleting, bad input named by field, ticking and noting.
/// </summary>
public abstract class SalesScriptTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static void AssertInvalid((HttpStatusCode Status, JsonNode? Body) result, string field)
    {
        Assert.True(result.Status == HttpStatusCode.BadRequest, result.Body?.ToJsonString());
        Assert.True(result.Body!["errors"]![field] is not null, $"no error for {field}: {result.Body.ToJsonString()}");
    }

    private static object Text(string en) => new { en, ru = en + " (ru)", pl = en + " (pl)" };

    private static object Q(string en, string? key = null) => new { key, text = Text(en) };

    private static object Script(string? topic = null, string? category = null) => new
    {
        topic, category, name = Text("Bikes"),
        groups = new Dictionary<string, object[]>
        {
            ["situation"] = [Q("What will you ride?"), Q("How far?", "distance")],
            ["problem"] = [Q("What bothered you on your last bike?")],
            ["implication"] = [Q("What if it breaks on a long ride?")],
            ["need_payoff"] = [Q("Would a lighter frame help?")],
        },
    };

    private static string NewKey() => $"bikes_{Guid.NewGuid():N}"[..14];

    [Fact]
    public async Task The_shipped_scripts_have_four_groups_in_three_languages()
    {
        var agent = await App.SignedInAsync("Agent");
        var (status, list) = await SendAsync(agent, HttpMethod.Get, "/api/v1/knowledge/scripts");
        Assert.Equal(HttpStatusCode.OK, status);
        var keys = list!.AsArray().Select(s => s!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("general", keys);
        Assert.Contains("shoes", keys);
        var (_, shoes) = await SendAsync(agent, HttpMethod.Get, "/api/v1/knowledge/scripts/shoes");
        Assert.Equal("shoes", shoes!["category"]!.GetValue<string>());
        Assert.Equal("Обувь", shoes["name"]!["ru"]!.GetValue<string>());
        foreach (var group in new[] { "situation", "problem", "implication", "need_payoff" })
        {
            var questions = shoes["groups"]![group]!.AsArray();
            Assert.NotEmpty(questions);
            foreach (var q in questions)
            {
                foreach (var language in new[] { "en", "ru", "pl" })
                {
                    Assert.False(string.IsNullOrWhiteSpace(q!["text"]![language]?.GetValue<string>()), $"{group}/{q["key"]}/{language}");
                }
                Assert.NotEqual(q!["text"]!["en"]!.GetValue<string>(), q["text"]!["ru"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task A_script_is_created_replaced_read_and_deleted_by_a_service_owner()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var key = NewKey();
        var (created, body) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/knowledge/scripts/{key}", Script(topic: "product_question"));
        Assert.True(created == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal("product_question", body!["topic"]!.GetValue<string>());
        // Keys left out are numbered per group; given ones are kept.
        Assert.Equal(["s1", "distance"], body["groups"]!["situation"]!.AsArray().Select(q => q!["key"]!.GetValue<string>()));
        Assert.Equal("n1", body["groups"]!["need_payoff"]![0]!["key"]!.GetValue<string>());

        var (replaced, again) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/knowledge/scripts/{key}", Script(category: "bikes"));
        Assert.Equal(HttpStatusCode.OK, replaced);
        Assert.Null(again!["topic"]);
        Assert.Equal("bikes", again["category"]!.GetValue<string>());

        var agent = await App.SignedInAsync("Agent");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Get, $"/api/v1/knowledge/scripts/{key}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Put, $"/api/v1/knowledge/scripts/{key}", Script())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Delete, $"/api/v1/knowledge/scripts/{key}")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(owner, HttpMethod.Delete, $"/api/v1/knowledge/scripts/{key}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Delete, $"/api/v1/knowledge/scripts/{key}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Get, $"/api/v1/knowledge/scripts/{key}")).Status);
    }

    [Fact]
    public async Task Bad_scripts_are_validation_problems_naming_the_field()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var url = $"/api/v1/knowledge/scripts/{NewKey()}";
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/knowledge/scripts/Bad Key", Script()), "key");
        // No groups at all; one group missing; an unknown group.
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, url, new { name = Text("x") }), "groups");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, url, new
        {
            name = Text("x"),
            groups = new Dictionary<string, object[]> { ["situation"] = [Q("a")], ["problem"] = [Q("b")], ["implication"] = [Q("c")] },
        }), "groups.need_payoff");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, url, new
        {
            name = Text("x"),
            groups = new Dictionary<string, object[]> { ["situation"] = [Q("a")], ["problem"] = [Q("b")], ["implication"] = [Q("c")], ["need_payoff"] = [Q("d")], ["closing"] = [Q("e")] },
        }), "groups.closing");
        // An empty question; a question without its Polish text; a duplicate key.
        var bad = await SendAsync(owner, HttpMethod.Put, url, new
        {
            name = Text("x"),
            groups = new Dictionary<string, object[]>
            {
                ["situation"] = [new { text = new { en = "", ru = "а", pl = "a" } }], ["problem"] = [new { text = new { en = "b", ru = "б" } }],
                ["implication"] = [Q("c", "same")], ["need_payoff"] = [Q("d", "same")],
            },
        });
        AssertInvalid(bad, "groups.situation[0].text.en");
        AssertInvalid(bad, "groups.problem[0].text.pl");
        AssertInvalid(bad, "groups.need_payoff[0].key");
        // An unknown topic; a missing language of the name; a topic and a category at once.
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, url, Script(topic: "no_such_topic")), "topic");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, url, new { name = new { en = "x", ru = "y" }, groups = new Dictionary<string, object[]>() }), "name.pl");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, url, Script(topic: "product_question", category: "bikes")), "category");
    }

    private static async Task<long> SalesConversationAsync(HttpClient api, string channel = "phone", string topic = "product_question")
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel, topic, subject = "Running shoes", body = "Which running shoes would you recommend?", acknowledge = false,
            customer = new { email = $"buyer-{Guid.NewGuid():N}@example.com", name = "Anna Buyer", language = "ru" },
        });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        return body!["number"]!.GetValue<long>();
    }

    [Fact]
    public async Task An_agent_ticks_notes_and_unticks_questions_and_each_group_shows_its_coverage()
    {
        var api = await App.ApiClientAsync();
        var number = await SalesConversationAsync(api);
        var agent = await App.SignedInAsync("Agent");
        var url = $"/api/v1/conversations/{number}/script";

        var (_, empty) = await SendAsync(agent, HttpMethod.Get, url);
        Assert.True(empty!["sales"]!.GetValue<bool>());
        Assert.All(empty["groups"]!.AsArray(), g => Assert.False(g!["covered"]!.GetValue<bool>()));

        var (ticked, tick) = await SendAsync(agent, HttpMethod.Put, $"{url}/shoes/s1", new { asked = true, note = "  Marathon in May  " });
        Assert.True(ticked == HttpStatusCode.OK, tick?.ToJsonString());
        Assert.Equal("situation", tick!["group"]!.GetValue<string>());
        Assert.Equal("Marathon in May", tick["note"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Put, $"{url}/shoes/p1", new { asked = true })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Put, $"{url}/shoes/p1", new { asked = false, note = "Blisters last time" })).Status);

        var (_, coverage) = await SendAsync(agent, HttpMethod.Get, url);
        var groups = coverage!["groups"]!.AsArray().ToDictionary(g => g!["group"]!.GetValue<string>(), g => g!);
        Assert.True(groups["situation"]["covered"]!.GetValue<bool>());
        Assert.Equal(1, groups["situation"]["asked"]!.GetValue<int>());
        // Unticked: the group is not covered, the note stays.
        Assert.False(groups["problem"]["covered"]!.GetValue<bool>());
        Assert.Equal("Blisters last time", groups["problem"]["ticks"]![0]!["note"]!.GetValue<string>());
        Assert.False(groups["implication"]["covered"]!.GetValue<bool>());
        Assert.Equal(2, coverage["ticks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bad_ticks_name_the_field_and_an_unknown_conversation_is_not_found()
    {
        var api = await App.ApiClientAsync();
        var number = await SalesConversationAsync(api, channel: "email", topic: "returns");
        var agent = await App.SignedInAsync("Agent");
        var url = $"/api/v1/conversations/{number}/script";
        Assert.False((await SendAsync(agent, HttpMethod.Get, url)).Body!["sales"]!.GetValue<bool>());
        AssertInvalid(await SendAsync(agent, HttpMethod.Put, $"{url}/shoes/zz9", new { asked = true }), "question");
        AssertInvalid(await SendAsync(agent, HttpMethod.Put, $"{url}/no_such_script/s1", new { asked = true }), "script");
        AssertInvalid(await SendAsync(agent, HttpMethod.Put, $"{url}/shoes/s1", new { note = "x" }), "asked");
        AssertInvalid(await SendAsync(agent, HttpMethod.Put, $"{url}/shoes/s1", new { asked = true, note = new string('x', 501) }), "note");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Put, "/api/v1/conversations/999999999/script/shoes/s1", new { asked = true })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Get, "/api/v1/conversations/999999999/script")).Status);
        // An auditor reads the ticks but does not make them.
        var auditor = await App.SignedInAsync("Auditor");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(auditor, HttpMethod.Get, url)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Put, $"{url}/shoes/s1", new { asked = true })).Status);
    }
}

public sealed class SalesScriptSqliteTests(SqliteApp app) : SalesScriptTests(app), IClassFixture<SqliteApp>;

public sealed class SalesScriptPostgresTests(PostgresApp app) : SalesScriptTests(app), IClassFixture<PostgresApp>;
