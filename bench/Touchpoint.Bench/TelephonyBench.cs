using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

/// <summary>
/// The ringing decision under load: a team of N agents (profiles, phones, schedules, presence, an on-duty roster) set
/// up through the API as a service owner, account managers for a share of the customers, then
/// <c>POST /api/v1/telephony/calls</c> <c>ringing</c> open-loop at a fixed rate (a request is sent on schedule,
/// whether or not earlier ones came back). Reports the client's latency over loopback and the server's own time for
/// the decision (the <c>Server-Timing</c> header of the answer).
/// </summary>
static partial class TelephonyBench
{
    public static async Task<int> RunAsync(string baseUrl, string key, string login, string password, IReadOnlyList<(string Id, string Phone)> customers,
        int agents, int managed, double rate, double seconds, double warmupSeconds, Func<string, int, HttpClient> newClient)
    {
        using var api = newClient(baseUrl, 64);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var owner = await LoginAsync(baseUrl, login, password);

        var setup = Stopwatch.StartNew();
        var emails = new List<string>(agents);
        var random = new Random(42);
        string[] languages = ["en", "ru", "pl"];
        for (var i = 0; i < agents; i++)
        {
            var email = $"agent{i:000}@bench.touchpoint";
            emails.Add(email);
            // A fifth of the team takes calls; the rest are account managers and other channels; everyone has a phone.
            var phoneGroup = i % 5 == 0;
            var schedule = i % 4 == 0
                ? new Dictionary<string, object[]>()
                : Enum.GetNames<DayOfWeek>().ToDictionary(d => d.ToLowerInvariant(), _ => (object[])[new { from = "00:00", to = "12:00" }, new { from = "13:00", to = "23:59" }]);
            var profile = new
            {
                name = $"Agent {i:000}", role = "agent", teams = new[] { i % 3 == 0 ? "account-management" : "support" },
                skills = new
                {
                    topics = new[] { "other", "returns", "order_fulfilment" },
                    languages = new[] { languages[i % 3], languages[(i + 1) % 3] },
                    channels = phoneGroup ? new[] { "phone", "callback", "email" } : new[] { "email", "chat" },
                },
                capacity = new Dictionary<string, int> { ["phone"] = 1, ["callback"] = 5, ["email"] = 20, ["chat"] = 3 },
                phone = $"+4822{i + 1000000:0000000}", timeZone = "Europe/Warsaw", schedule,
            };
            using var put = await owner.PutAsJsonAsync($"/api/v1/agents/{email}", profile);
            if (!put.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"PUT agent {email}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
                return 1;
            }
            // Most of the team is in; some are on a break, some gone home.
            var presence = (i % 10) switch { 8 => "away", 9 => "offline", _ => "online" };
            using var p = await owner.PutAsJsonAsync($"/api/v1/agents/{email}/presence", new { status = presence });
            p.EnsureSuccessStatusCode();
        }
        var now = DateTimeOffset.UtcNow;
        using (var duty = await owner.PutAsJsonAsync("/api/v1/duty", Enumerable.Range(0, 4).Select(i => new { agent = emails[i * 7 + 1], from = now.AddMinutes(-5), to = now.AddHours(8) })))
        {
            duty.EnsureSuccessStatusCode();
        }
        // Account managers for a share of the customers, as the store would set them (PATCH the customer).
        var managedCustomers = customers.Take(managed).ToList();
        await Parallel.ForEachAsync(managedCustomers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            var manager = emails[Math.Abs(c.Id.GetHashCode()) % agents];
            using var patch = await api.PatchAsJsonAsync($"/api/v1/customers/{c.Id}", new { accountManager = manager }, ct);
            patch.EnsureSuccessStatusCode();
        });
        Console.WriteLine($"Setup: {agents} agents (presence, schedules, 4 on duty), {managed} account managers assigned: {setup.Elapsed.TotalSeconds:F1} s");
        // The board picks changed customers up on its refresh timer (5 s by default).
        await Task.Delay(TimeSpan.FromSeconds(6));

        await DriveAsync(api, customers, rate, warmupSeconds, random, report: false);
        return await DriveAsync(api, customers, rate, seconds, random, report: true);
    }

    private static async Task<int> DriveAsync(HttpClient api, IReadOnlyList<(string Id, string Phone)> customers, double rate, double seconds, Random random, bool report)
    {
        var total = (int)(rate * seconds);
        var client = new double[total];
        var server = new double[total];
        var targets = new int[total];
        var statuses = new int[600];
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            // Nine callers in ten are customers the store knows; the rest are new numbers.
            var from = random.Next(10) == 0 ? $"+4869{random.Next(1_000_000, 9_999_999)}" : customers[random.Next(customers.Count)].Phone;
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await api.PostAsJsonAsync("/api/v1/telephony/calls", new { callId = $"bench-{Guid.NewGuid():N}", @event = "ringing", from, to = "+48221000000" });
                var body = await response.Content.ReadAsStringAsync();
                client[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                if (response.Headers.TryGetValues("Server-Timing", out var timing) && ServerTime().Match(timing.First()) is { Success: true } m)
                {
                    server[index] = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                if (response.IsSuccessStatusCode)
                {
                    targets[index] = JsonNode.Parse(body)!["targets"]!.AsArray().Count;
                }
            }));
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        if (!report)
        {
            return 0;
        }
        Array.Sort(client);
        Array.Sort(server);
        Console.WriteLine($"ringing decisions: {total} in {elapsed.TotalSeconds:F1} s = {total / elapsed.TotalSeconds:F0}/s (target {rate:F0}/s); statuses: {Stats.Codes(statuses)}");
        Console.WriteLine($"  client ms (loopback, incl. HTTP + JSON): p50 {Stats.P(client, 50):F2}, p90 {Stats.P(client, 90):F2}, p99 {Stats.P(client, 99):F2}, max {client[^1]:F2}");
        Console.WriteLine($"  server ms (Server-Timing: the decision): p50 {Stats.P(server, 50):F3}, p90 {Stats.P(server, 90):F3}, p99 {Stats.P(server, 99):F3}, max {server[^1]:F3}");
        Console.WriteLine($"  targets per answer: avg {targets.Average():F2}, none (voicemail/queue) {targets.Count(t => t == 0)}");
        return statuses.Where((c, s) => s >= 400 && c > 0).Any() ? 1 : 0;
    }

    [GeneratedRegex(@"dur=([0-9.]+)")]
    private static partial Regex ServerTime();

    [GeneratedRegex("__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static async Task<HttpClient> LoginAsync(string baseUrl, string login, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        var form = await client.GetStringAsync("/login");
        using var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = login, ["password"] = password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value),
        }));
        if (signIn.Headers.Location?.OriginalString.Contains("error", StringComparison.Ordinal) != false)
        {
            throw new InvalidOperationException($"Login as {login} failed.");
        }
        return client;
    }
}
