using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

/// <summary>
/// Queue reads on a large store: the API list (GET /api/v1/conversations with the common filters) and the agent
/// queue page (GET /conversations?queue=…, prerendered on the server, so the response time includes the page's
/// ConversationQueries.ListAsync + CountsAsync). Each case runs closed-loop with C connections for a fixed time;
/// latency is measured by the client over loopback, so it is the server's time plus a loopback round trip.
/// </summary>
static partial class QueueBench
{
    public static async Task<int> RunAsync(string baseUrl, string key, double seconds, double warmupSeconds, int[] connectionCounts,
        string login, string password, Func<string, int, HttpClient> newClient)
    {
        var max = connectionCounts.Max();
        using var api = newClient(baseUrl, max);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // A customer with several conversations, picked from the store itself.
        var latest = JsonNode.Parse(await api.GetStringAsync("/api/v1/conversations?status=closed&page=1&pageSize=200"))!["items"]!.AsArray();
        var customer = latest.Select(x => x!["customer"]!["email"]!.GetValue<string>()).GroupBy(e => e).OrderByDescending(g => g.Count()).First().Key;
        const string Active = "status=new,open,pending";
        (string Name, string Path)[] apiCases =
        [
            ("open queue (new,open,pending)", $"/api/v1/conversations?{Active}&page=1&pageSize=50"),
            ("unassigned (active)", $"/api/v1/conversations?{Active}&assignee=none&page=1&pageSize=50"),
            ("one assignee (active)", $"/api/v1/conversations?{Active}&assignee={login}&page=1&pageSize=50"),
            ("pending", "/api/v1/conversations?status=pending&page=1&pageSize=50"),
            ("closed", "/api/v1/conversations?status=closed&page=1&pageSize=50"),
            ("resolved, page 20", "/api/v1/conversations?status=resolved&page=20&pageSize=50"),
            ("one topic (active)", $"/api/v1/conversations?{Active}&topic=returns&page=1&pageSize=50"),
            ("one topic (any status)", "/api/v1/conversations?topic=returns&page=1&pageSize=50"),
            ("one assignee (any status)", $"/api/v1/conversations?assignee={login}&page=1&pageSize=50"),
            ("customer email", $"/api/v1/conversations?customer={Uri.EscapeDataString(customer)}&page=1&pageSize=50"),
            ("everything, latest first", "/api/v1/conversations?page=1&pageSize=50"),
        ];
        var failed = false;
        Console.WriteLine($"API list (Bearer key), {seconds} s per case after {warmupSeconds} s warm-up; latency ms (client, loopback):");
        foreach (var (name, path) in apiCases)
        {
            failed |= !await CaseAsync(api, name, path, connectionCounts, seconds, warmupSeconds, null);
        }

        // The agent queue page: log in through the form like a browser (antiforgery token, then the auth cookie).
        var cookies = new CookieContainer();
        using var page = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = max, CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var form = await page.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        using var signIn = await page.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = login, ["password"] = password, ["returnUrl"] = "/conversations", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect || signIn.Headers.Location?.OriginalString.Contains("error", StringComparison.Ordinal) != false)
        {
            Console.WriteLine($"login as {login} failed: {(int)signIn.StatusCode} {signIn.Headers.Location}");
            return 1;
        }
        (string Name, string Path)[] pageCases =
        [
            ("page: unassigned", "/conversations?queue=unassigned"),
            ("page: mine", "/conversations?queue=mine"),
            ("page: open", "/conversations?queue=open"),
            ("page: closed", "/conversations?queue=closed"),
            ("page: open, one topic", "/conversations?queue=open&topic=returns"),
        ];
        Console.WriteLine($"Agent queue page (logged in as {login}; prerendered HTML, includes ListAsync + CountsAsync):");
        foreach (var (name, path) in pageCases)
        {
            failed |= !await CaseAsync(page, name, path, connectionCounts, seconds, warmupSeconds, "data-count=");
        }
        return failed ? 1 : 0;
    }

    private static async Task<bool> CaseAsync(HttpClient http, string name, string path, int[] connectionCounts, double seconds, double warmupSeconds, string? mustContain)
    {
        var ok = true;
        var line = $"  {name,-30}";
        int? rows = null;
        foreach (var connections in connectionCounts)
        {
            var statuses = new int[600];
            var all = new List<double>[connections];
            var bad = 0;
            var measureFrom = Stopwatch.GetTimestamp() + (long)(warmupSeconds * Stopwatch.Frequency);
            var stopAt = measureFrom + (long)(seconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
            {
                var mine = all[w] = [];
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var r = await http.GetAsync(path);
                    var body = await r.Content.ReadAsStringAsync();
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (start < measureFrom)
                    {
                        if (rows is null && r.IsSuccessStatusCode && mustContain is null)
                        {
                            rows = JsonNode.Parse(body)!["items"]!.AsArray().Count;
                        }
                        continue;
                    }
                    mine.Add(ms);
                    Interlocked.Increment(ref statuses[(int)r.StatusCode]);
                    if (!r.IsSuccessStatusCode || (mustContain is not null && !body.Contains(mustContain, StringComparison.Ordinal)))
                    {
                        Interlocked.Increment(ref bad);
                    }
                }
            })));
            var sorted = all.SelectMany(l => l).Order().ToArray();
            line += $" | C={connections}: p50 {Stats.P(sorted, 50):F1}, p99 {Stats.P(sorted, 99):F1} ({sorted.Length / seconds:F0}/s)";
            if (bad > 0)
            {
                line += $" [{bad} bad; {Stats.Codes(statuses)}]";
                ok = false;
            }
        }
        Console.WriteLine(line + (rows is { } n ? $" | {n} rows" : ""));
        return ok;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
