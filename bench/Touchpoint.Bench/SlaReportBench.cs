using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

/// <summary>
/// The SLA compliance report (GET /api/v1/reports/sla) on a store with a year of results: each grouping over the last
/// 30 days and over the whole year, one request at a time (a manager opening the page), latency by the client over loopback.
/// </summary>
static class SlaReportBench
{
    public static async Task<int> RunAsync(string baseUrl, string key, int requests, Func<string, int, HttpClient> newClient)
    {
        using var api = newClient(baseUrl, 1);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var failed = false;
        Console.WriteLine($"GET /api/v1/reports/sla, {requests} requests per case after 3 warm-up, 1 connection; latency ms (client, loopback):");
        foreach (var (period, from) in new[] { ("30 days", today.AddDays(-29)), ("365 days", today.AddDays(-364)) })
        {
            foreach (var groupBy in new[] { "policy", "channel", "team", "agent" })
            {
                var path = $"/api/v1/reports/sla?from={Day(from)}&to={Day(today)}&groupBy={groupBy}";
                for (var i = 0; i < 3; i++)
                {
                    (await api.GetAsync(path)).EnsureSuccessStatusCode();
                }
                var times = new double[requests];
                string body = "";
                for (var i = 0; i < requests; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await api.GetAsync(path);
                    body = await response.Content.ReadAsStringAsync();
                    times[i] = watch.Elapsed.TotalMilliseconds;
                    failed |= !response.IsSuccessStatusCode;
                }
                Array.Sort(times);
                var decided = System.Text.Json.Nodes.JsonNode.Parse(body)!["totals"]!.AsArray().Sum(t => t!["achieved"]!.GetValue<long>() + t["breached"]!.GetValue<long>());
                Console.WriteLine($"  {period,-8} groupBy={groupBy,-8} p50 {Stats.P(times, 50),7:F1}  p99 {Stats.P(times, 99),7:F1}  max {times[^1],7:F1}  ({decided:N0} results counted)");
            }
        }
        return failed ? 1 : 0;
    }
}
