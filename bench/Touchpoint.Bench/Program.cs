using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;

// Touchpoint load generator. Every request is timed; percentiles come from the full sorted sample.
var verb = args.FirstOrDefault() ?? "help";
string Opt(string name, string fallback)
{
    var i = Array.IndexOf(args, $"--{name}");
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

return verb switch
{
    "tokens" => await Tokens(),
    "tracking" => await Tracking(),
    "ingest" => await Ingest(),
    "mime" => await Mime(),
    "queue" => await Queue(),
    "telephony" => await Telephony(),
    "quality" => await QualityBench.RunAsync(Opt("base", "http://127.0.0.1:5081"), Opt("key", ""), int.Parse(Opt("requests", "50")), int.Parse(Opt("agents", "200")), NewClient),
    "sla-report" => await SlaReportBench.RunAsync(Opt("base", "http://127.0.0.1:5081"), Opt("key", ""), int.Parse(Opt("requests", "50")), NewClient),
    _ => Help(),
};

int Help()
{
    Console.WriteLine("""
        tokens   --db PATH | --pg CONNSTRING  --out FILE [--limit 100000]
        tracking --base URL --tokens FILE [--duration 20] [--connections 64] [--warmup 3]
        ingest   --base URL --key KEY [--orders 2000] [--connections 32]
        mime     --base URL --key KEY [--messages 5000] [--connections 8]
        telephony --base URL --key KEY --db PATH | --pg CONNSTRING [--agents 200] [--managed 5000] [--rate 200] [--duration 20] [--warmup 3] [--login EMAIL --password PW]
        queue    --base URL --key KEY [--duration 3] [--warmup 1] [--connections "1 2 4"] [--login EMAIL --password PW]
        sla-report --base URL --key KEY [--requests 50]
        quality  --base URL --key KEY [--requests 50] [--agents 200]
        """);
    return 2;
}

async Task<int> Tokens()
{
    var limit = int.Parse(Opt("limit", "100000"));
    var output = Opt("out", "tokens.txt");
    var tokens = new List<string>(limit);
    // A random sample spread over the whole table, so the page cache does not flatter the result.
    const string sql = "SELECT \"TrackingToken\" FROM orders ORDER BY random() LIMIT @limit";
    if (Opt("pg", "") is { Length: > 0 } pg)
    {
        await using var c = new NpgsqlConnection(pg);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        cmd.Parameters.AddWithValue("limit", limit);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) { tokens.Add(r.GetString(0)); }
    }
    else
    {
        await using var c = new SqliteConnection($"Data Source={Opt("db", "data/touchpoint.db")};Mode=ReadOnly");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("@limit", limit);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) { tokens.Add(r.GetString(0)); }
    }
    await File.WriteAllLinesAsync(output, tokens);
    Console.WriteLine($"{tokens.Count} tokens -> {output}");
    return 0;
}

HttpClient NewClient(string baseUrl, int connections) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
})
{ BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

async Task<int> Tracking()
{
    var tokens = await File.ReadAllLinesAsync(Opt("tokens", "tokens.txt"));
    var duration = TimeSpan.FromSeconds(double.Parse(Opt("duration", "20")));
    var warmup = TimeSpan.FromSeconds(double.Parse(Opt("warmup", "3")));
    var connections = int.Parse(Opt("connections", "64"));
    using var http = NewClient(Opt("base", "http://127.0.0.1:5081"), connections);
    var statuses = new int[600];
    var latencies = new List<double>[connections];
    long bytes = 0;
    var measuring = false;
    var stopAt = DateTime.UtcNow + warmup + duration;
    var measureFrom = DateTime.UtcNow + warmup;
    var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = new List<double>(200_000);
        var random = new Random(w);
        var buffer = new byte[64 * 1024];
        while (DateTime.UtcNow < stopAt)
        {
            var token = tokens[random.Next(tokens.Length)];
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync($"/track/{token}", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            int read, total = 0;
            while ((read = await body.ReadAsync(buffer)) > 0) { total += read; }
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (Volatile.Read(ref measuring) || DateTime.UtcNow >= measureFrom)
            {
                Volatile.Write(ref measuring, true);
                mine.Add(ms);
                Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                Interlocked.Add(ref bytes, total);
            }
        }
    })).ToArray();
    await Task.WhenAll(workers);
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Report("tracking", all, duration, statuses);
    Console.WriteLine($"  avg page size: {(all.Length == 0 ? 0 : bytes / all.Length)} bytes, tokens: {tokens.Length}, connections: {connections}");
    return statuses[200] == all.Length ? 0 : 1;
}

async Task<int> Ingest()
{
    var orders = int.Parse(Opt("orders", "2000"));
    var connections = int.Parse(Opt("connections", "32"));
    using var http = NewClient(Opt("base", "http://127.0.0.1:5081"), connections);
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Opt("key", ""));
    var run = Guid.NewGuid().ToString("N")[..6];
    var numbers = Enumerable.Range(1, orders).Select(i => $"B{run}-{i}").ToArray();
    var statuses = new int[600];

    var created = Stopwatch.StartNew();
    await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (n, ct) =>
    {
        using var r = await http.PutAsJsonAsync($"/api/v1/orders/{n}", new
        {
            customer = new { email = $"{n.ToLowerInvariant()}@bench.example", name = "Bench Customer", language = "pl" },
            items = new[] { new { sku = "B-1", name = "Bench item", quantity = 1, unitPrice = 10m } },
            currency = "PLN",
        }, ct);
        Interlocked.Increment(ref statuses[(int)r.StatusCode]);
    });
    created.Stop();
    Console.WriteLine($"created {orders} orders in {created.Elapsed.TotalSeconds:F1} s ({orders / created.Elapsed.TotalSeconds:F0}/s); statuses: {Codes(statuses)}");

    string[] sequence = ["accepted", "paid", "packed", "shipped", "delivered"];
    Array.Clear(statuses);
    var latencies = new List<double>[orders];
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = connections }, async (i, ct) =>
    {
        var mine = latencies[i] = new List<double>(sequence.Length);
        foreach (var status in sequence)
        {
            var start = Stopwatch.GetTimestamp();
            using var r = await http.PostAsJsonAsync($"/api/v1/orders/{numbers[i]}/events", new
            {
                eventId = $"{numbers[i]}:{status}",
                status,
                carrier = status == "shipped" ? "InPost" : null,
                trackingNumber = status == "shipped" ? $"TN{i}" : null,
            }, ct);
            await r.Content.LoadIntoBufferAsync(ct);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Interlocked.Increment(ref statuses[(int)r.StatusCode]);
        }
    });
    watch.Stop();
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Report("ingest", all, watch.Elapsed, statuses);

    // Check: every event is in the history and every notification was queued (placed + 5 events).
    var sample = numbers.Where((_, i) => i % Math.Max(1, orders / 50) == 0).ToArray();
    var bad = 0;
    foreach (var n in sample)
    {
        var order = JsonNode.Parse(await http.GetStringAsync($"/api/v1/orders/{n}"))!;
        var history = order["history"]!.AsArray().Count;
        var notifications = order["notifications"]!.AsArray().Count;
        if (history != 6 || notifications != 6 || order["status"]!.GetValue<string>() != "delivered") { bad++; }
    }
    Console.WriteLine($"  verified {sample.Length} orders: {sample.Length - bad} complete (6 history entries, 6 notifications), {bad} not");
    return bad == 0 && statuses[200] == all.Length ? 0 : 1;
}

async Task<int> Mime() => await MimeBench.RunAsync(Opt("base", "http://127.0.0.1:5081"), Opt("key", ""),
    int.Parse(Opt("messages", "5000")), int.Parse(Opt("connections", "8")), NewClient);

async Task<int> Queue() => await QueueBench.RunAsync(Opt("base", "http://127.0.0.1:5081"), Opt("key", ""),
    double.Parse(Opt("duration", "3")), double.Parse(Opt("warmup", "1")),
    Opt("connections", "1 2 4").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
    Opt("login", "agent@demo.touchpoint"), Opt("password", "demo-2026"), NewClient);

async Task<int> Telephony()
{
    // Callers: customers' phones sampled from the store itself, spread over the whole table.
    var customers = new List<(string Id, string Phone)>();
    const string sql = "SELECT \"Id\", \"Phone\" FROM customers WHERE \"Phone\" IS NOT NULL ORDER BY random() LIMIT 100000";
    if (Opt("pg", "") is { Length: > 0 } pg)
    {
        await using var c = new NpgsqlConnection(pg);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) { customers.Add((r.GetGuid(0).ToString(), r.GetString(1))); }
    }
    else
    {
        await using var c = new SqliteConnection($"Data Source={Opt("db", "data/touchpoint.db")};Mode=ReadOnly");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) { customers.Add((r.GetString(0), r.GetString(1))); }
    }
    Console.WriteLine($"{customers.Count} customers with phones sampled");
    return await TelephonyBench.RunAsync(Opt("base", "http://127.0.0.1:5081"), Opt("key", ""), Opt("login", "owner@demo.touchpoint"), Opt("password", "demo-2026"),
        customers, int.Parse(Opt("agents", "200")), int.Parse(Opt("managed", "5000")), double.Parse(Opt("rate", "200")), double.Parse(Opt("duration", "20")),
        double.Parse(Opt("warmup", "3")), NewClient);
}

static string Codes(int[] statuses) => string.Join(", ", statuses.Select((c, s) => (c, s)).Where(x => x.c > 0).Select(x => $"{x.s}: {x.c}"));

static void Report(string name, double[] sorted, TimeSpan elapsed, int[] statuses)
{
    double P(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    Console.WriteLine($"{name}: {sorted.Length} requests in {elapsed.TotalSeconds:F1} s = {sorted.Length / elapsed.TotalSeconds:F0}/s; " +
        $"latency ms p50 {P(50):F2}, p90 {P(90):F2}, p99 {P(99):F2}, max {(sorted.Length == 0 ? 0 : sorted[^1]):F2}; statuses: {Codes(statuses)}");
}
