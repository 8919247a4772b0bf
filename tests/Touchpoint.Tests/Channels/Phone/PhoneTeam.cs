using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Features.Routing;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Phone;

/// <summary>The team the call tests set up through the API: a quiet start, then agents with phones.</summary>
public static class PhoneTeam
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Dictionary<string, int> Phone1 => new() { ["phone"] = 1 };

    /// <summary>A Polish mobile number nobody has yet.</summary>
    public static string NewPhone() => "+4869" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    /// <summary>Everyone offline, nobody on duty: whom a call rings then depends only on the agents the test sets up.</summary>
    public static async Task QuietAsync(TouchpointApp app, HttpClient owner)
    {
        var board = app.Get<RoutingBoard>();
        await board.RefreshAsync(Ct);
        foreach (var agent in board.Agents.Where(a => a.Presence != Presence.Offline).ToList())
        {
            var (status, _) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{agent.Email}/presence", new { status = "offline" });
            Assert.Equal(HttpStatusCode.OK, status);
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Put, "/api/v1/duty", Array.Empty<object>())).Status);
    }

    /// <summary>A new agent (speaking English, Russian and Polish unless told), online unless told; returns their email.</summary>
    public static async Task<string> AgentAsync(HttpClient owner, string who, string[] channels, Dictionary<string, int> capacity, string? phone, bool online = true,
        string[]? languages = null)
    {
        var email = $"{who.ToLowerInvariant()}-{Guid.NewGuid():N}@shop.test";
        var (status, body) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{email}", new
        {
            name = who, role = "agent", teams = new[] { "support" },
            skills = new { topics = new[] { "other", "returns" }, languages = languages ?? ["en", "ru", "pl"], channels },
            capacity, phone,
        });
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, body?.ToJsonString());
        if (online)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{email}/presence", new { status = "online" })).Status);
        }
        return email;
    }
}
