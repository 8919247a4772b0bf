using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Quality's reports on a store with bulk conversations and reviews (issue 10): the employee report and the bonus table,
/// one request at a time (a service owner opening the page), and drawing a weekly review cycle for 200 agents — each
/// draw a new assignment, so each one really draws. Latency by the client over loopback.
/// </summary>
static class QualityBench
{
    public static async Task<int> RunAsync(string baseUrl, string key, int requests, int agents, Func<string, int, HttpClient> newClient)
    {
        using var api = newClient(baseUrl, 1);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var failed = false;
        Console.WriteLine($"Quality reports, {requests} requests per case after 3 warm-up, 1 connection; latency ms (client, loopback):");
        var cases = new (string Name, string Path, Func<string, string> Count)[]
        {
            ("employee report, 30 days", $"/api/v1/quality/reports/agents?from={Day(today.AddDays(-29))}&to={Day(today.AddDays(1))}&pageSize=200", Reviews),
            ("employee report, 365 days", $"/api/v1/quality/reports/agents?from={Day(today.AddDays(-364))}&to={Day(today.AddDays(1))}&pageSize=200", Reviews),
            ("employee report, 30 days, support", $"/api/v1/quality/reports/agents?from={Day(today.AddDays(-29))}&to={Day(today.AddDays(1))}&touchpoint=support&pageSize=200", Reviews),
            ($"bonus table {lastMonth}", $"/api/v1/quality/bonus?period={lastMonth}&pageSize=200", Rows),
            ($"bonus table {lastMonth}, CSV", $"/api/v1/quality/bonus?period={lastMonth}&format=csv", Lines),
        };
        foreach (var (name, path, count) in cases)
        {
            for (var i = 0; i < 3; i++)
            {
                (await api.GetAsync(path)).EnsureSuccessStatusCode();
            }
            var times = new double[requests];
            var body = "";
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await api.GetAsync(path);
                body = await response.Content.ReadAsStringAsync();
                times[i] = watch.Elapsed.TotalMilliseconds;
                failed |= !response.IsSuccessStatusCode;
            }
            Array.Sort(times);
            Console.WriteLine($"  {name,-38} p50 {Stats.P(times, 50),7:F1}  p99 {Stats.P(times, 99),7:F1}  max {times[^1],7:F1}  ({count(body)})");
        }

        // Drawing: a weekly cycle of 4 conversations per agent for `agents` bench agents, five times.
        var people = Enumerable.Range(1, agents).Select(i => $"agent-bench-{i:D3}@demo.touchpoint").ToList();
        var draws = new List<double>();
        var drawn = "";
        for (var run = 0; run < 5; run++)
        {
            var assignment = $"bench-{DateTime.UtcNow:HHmmss}-{run}";
            var put = await api.PutAsJsonAsync($"/api/v1/quality/assignments/{assignment}", new
            {
                name = $"Bench {run}", cadence = "weekly", goal = 4, reviewers = new[] { "auditor@demo.touchpoint" }, agents = people,
            });
            if (!put.IsSuccessStatusCode)
            {
                Console.WriteLine($"  assignment refused: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
                return 1;
            }
            var watch = Stopwatch.StartNew();
            using var response = await api.PostAsync($"/api/v1/quality/assignments/{assignment}/draw", null);
            var body = await response.Content.ReadAsStringAsync();
            draws.Add(watch.Elapsed.TotalMilliseconds);
            failed |= !response.IsSuccessStatusCode;
            drawn = body;
        }
        var last = JsonNode.Parse(drawn);
        Console.WriteLine($"  draw a weekly cycle, {agents} agents, goal 4: ms {string.Join(", ", draws.Select(d => d.ToString("F0", CultureInfo.InvariantCulture)))}" +
            $" (last: {last?["samples"] ?? last?["drawn"] ?? drawn[..Math.Min(120, drawn.Length)]} samples)");
        return failed ? 1 : 0;

        static string Reviews(string body)
        {
            var items = JsonNode.Parse(body)!["items"]!.AsArray();
            return $"{items.Sum(r => r!["reviews"]!.GetValue<int>()):N0} reviews, {items.Count} agents";
        }
        static string Rows(string body) => $"{JsonNode.Parse(body)!["items"]!.AsArray().Count} rows";
        static string Lines(string body) => $"{body.Count(c => c == '\n')} lines";
    }
}
