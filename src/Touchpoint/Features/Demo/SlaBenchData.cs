using Touchpoint.Platform.Calendar;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Cli;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

using Touchpoint.Features.Sla;

namespace Touchpoint.Features.Demo;

/// <summary>
/// Data and timings for docs/benchmarks.md (verb <c>sla-bench</c>): a year of SLA outcomes for N conversations written in
/// bulk and folded into the daily rollup; N open conversations whose clocks come due over the next two hours; one sweep.
/// </summary>
public static class SlaBenchData
{
    public const string Usage = "sla-bench outcomes --conversations N | sla-bench rollup | sla-bench open --conversations N | sla-bench sweep";

    public static async Task<int> VerbAsync(IServiceProvider services, CliArgs args, CancellationToken ct)
    {
        var what = args.Positional.FirstOrDefault();
        var n = int.TryParse(args.Option("conversations"), out var parsed) ? parsed : 0;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        switch (what)
        {
            case "outcomes" when n > 0:
            {
                var watch = Stopwatch.StartNew();
                var rows = await SeedOutcomesAsync(db, n, now, ct);
                Console.WriteLine($"{rows} outcomes for {n} conversations written in {watch.Elapsed.TotalSeconds:F1} s");
                watch.Restart();
                var days = await scope.ServiceProvider.GetRequiredService<SlaRollup>().RunAsync(ct, maxDays: 800);
                Console.WriteLine($"rollup: {days} days folded in {watch.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            case "rollup":
            {
                var watch = Stopwatch.StartNew();
                var days = await scope.ServiceProvider.GetRequiredService<SlaRollup>().RunAsync(ct, maxDays: 800);
                Console.WriteLine($"rollup: {days} days folded in {watch.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            case "open" when n > 0:
            {
                var watch = Stopwatch.StartNew();
                await SeedOpenAsync(db, n, now, ct);
                Console.WriteLine($"{n} open conversations with running clocks written in {watch.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            case "sweep":
            {
                var sweeper = services.GetRequiredService<SlaSweeper>();
                var open = await db.Set<Conversation>().CountAsync(c => c.SlaCheckAt != null, ct);
                // Warm-up without work: another holder's lease makes the sweep stop after its first query.
                await JobLeases.TryAcquireAsync(db, SlaSweeper.JobName, "bench-other", now, TimeSpan.FromSeconds(5), ct);
                await sweeper.SweepAsync(ct, "bench");
                await Task.Delay(TimeSpan.FromSeconds(6), ct);
                async Task<string> TimedAsync(string what)
                {
                    var watch = Stopwatch.StartNew();
                    var r = await sweeper.SweepAsync(ct, "bench");
                    return $"{what}: {watch.Elapsed.TotalMilliseconds:F0} ms ({r.Warnings} warnings, {r.Breaches} breaches, {r.Escalations} escalations)";
                }
                Console.WriteLine($"{open} open conversations with running clocks");
                Console.WriteLine(await TimedAsync("first sweep (catch-up: everything within its warning window)"));
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                Console.WriteLine(await TimedAsync("sweep 30 s later (steady state: one interval's warnings and breaches)"));
                Console.WriteLine(await TimedAsync("sweep right after (nothing due)"));
                return 0;
            }
            default:
                await Console.Error.WriteLineAsync("Usage: " + Usage);
                return 2;
        }
    }

    /// <summary>About 2.3 results per conversation over the last 365 days; 20 agents and the unassigned.</summary>
    private static Task<long> SeedOutcomesAsync(TouchpointDb db, int conversations, DateTime now, CancellationToken ct) =>
        SlaHistory.WriteAsync(db, new Random(2026), conversations, now, TimeSpan.FromDays(365),
            Enumerable.Range(1, 20).Select(i => (string?)$"bench-agent-{i:D2}").Append(null).ToArray(), ["other"], 50_000_000, ct);

    /// <summary>Open conversations whose first-response clocks (one hour, around the clock) come due evenly over the next two hours,
    /// so a sweep finds the share that a 30-second interval would: the steady state of a busy desk.</summary>
    private static async Task SeedOpenAsync(TouchpointDb db, int count, DateTime now, CancellationToken ct)
    {
        var random = new Random(7);
        var setup = new SlaSetup([], new Dictionary<string, BusinessCalendar>(), []);
        var policy = new PolicyDefinition("Bench", 0, true, new PolicyConditions(),
            [new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 3600, WarnBeforeSeconds = 600 }]);
        var customer = await db.Set<Customers.Customer>().AsNoTracking().OrderBy(c => c.Id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) ?? Guid.NewGuid();
        const int chunk = 20_000;
        for (var start = 0; start < count; start += chunk)
        {
            var rows = new List<Conversation>(chunk);
            for (var i = start; i < Math.Min(count, start + chunk); i++)
            {
                // Due between 30 s ago and two hours from now (warned 10 minutes before).
                var due = now.AddSeconds(-30 + random.NextDouble() * 7230);
                var created = due.AddHours(-1);
                var message = new ConversationMessage { Type = MessageType.Inbound, AuthorKind = "customer", AuthorName = "Bench", Text = "Where is my parcel?", CreatedAt = created };
                var c = Conversation.Start(60_000_000 + i, Channel.Email, customer, "Where is my parcel?", "other", Priority.Normal, "en", null, null, message, created, "bench", false);
                var sla = SlaEngine.Start(policy, created, answered: false, paused: false);
                var (dueAt, checkAt) = SlaEngine.Schedule(sla, setup);
                c.SetSla(sla.ToJson(), dueAt, checkAt, created, bump: false);
                rows.Add(c);
            }
            await BulkInsert.WriteAsync(db, rows, ct);
        }
    }
}
