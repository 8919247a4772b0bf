using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Cli;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Sla;

/// <summary>
/// Data and timings for docs/benchmarks.md (verb <c>sla-bench</c>): a year of SLA outcomes for N conversations written in
/// bulk and folded into the daily rollup; N open conversations whose clocks come due over the next two hours; one sweep.
/// </summary>
public static class SlaBench
{
    public const string Usage = "sla-bench outcomes --conversations N | sla-bench rollup | sla-bench open --conversations N | sla-bench sweep";

    private static readonly (string Policy, Channel Channel, string[] Targets, long[] Goals)[] Mix =
    [
        ("Email and web form", Channel.Email, [SlaTargets.FirstResponse, SlaTargets.NextResponse, SlaTargets.Resolution], [3600, 4 * 3600, 24 * 3600]),
        ("Email and web form", Channel.Email, [SlaTargets.FirstResponse, SlaTargets.NextResponse, SlaTargets.Resolution], [3600, 4 * 3600, 24 * 3600]),
        ("Email and web form", Channel.Web, [SlaTargets.FirstResponse, SlaTargets.NextResponse, SlaTargets.Resolution], [3600, 4 * 3600, 24 * 3600]),
        ("Chat", Channel.Chat, [SlaTargets.FirstResponse, SlaTargets.NextResponse], [60, 120]),
        ("Callback", Channel.Callback, [SlaTargets.FirstResponse], [7200]),
        ("Other channels", Channel.Api, [SlaTargets.FirstResponse], [8 * 3600]),
    ];

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

    /// <summary>About 2.3 results per conversation over the last 365 days; 85 % kept; 20 agents and the unassigned.</summary>
    private static async Task<long> SeedOutcomesAsync(TouchpointDb db, int conversations, DateTime now, CancellationToken ct)
    {
        var random = new Random(2026);
        var agents = Enumerable.Range(1, 20).Select(i => (string?)$"bench-agent-{i:D2}").Append(null).ToArray();
        long written = 0;
        const int chunk = 50_000;
        for (var start = 0; start < conversations; start += chunk)
        {
            var rows = new List<SlaOutcome>(chunk * 3);
            for (var i = start; i < Math.Min(conversations, start + chunk); i++)
            {
                var (policy, channel, targets, goals) = Mix[random.Next(Mix.Length)];
                var id = Guid.CreateVersion7();
                var created = now.AddSeconds(-random.Next(365 * 86400));
                var assignee = agents[random.Next(agents.Length)];
                for (var t = 0; t < targets.Length; t++)
                {
                    var cycles = targets[t] == SlaTargets.NextResponse ? random.Next(3) : 1;
                    for (var cycle = 1; cycle <= cycles; cycle++)
                    {
                        var goal = goals[t];
                        // Log-normal around half the goal: most kept, a long tail missed.
                        var actual = (long)Math.Max(1, goal * 0.45 * Math.Exp(0.9 * Normal(random)));
                        var achieved = actual <= goal;
                        var decided = created.AddSeconds(achieved ? actual : goal);
                        rows.Add(new SlaOutcome
                        {
                            ConversationId = id, Number = 50_000_000 + i, Target = targets[t], Cycle = cycle, Policy = policy, Channel = channel, Topic = "other",
                            Priority = Priority.Normal, AssigneeId = assignee, GoalSeconds = goal, Achieved = achieved, StartedAt = created, DecidedAt = decided,
                            ActualSeconds = actual, CompletedAt = created.AddSeconds(actual),
                        });
                    }
                }
            }
            await BulkInsert.WriteAsync(db, rows, ct);
            written += rows.Count;
        }
        return written;
    }

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

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
