using Touchpoint.Features.Sla;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Demo;

/// <summary>
/// Made-up SLA results written in bulk, as the report reads real ones: a year for a million conversations for the
/// benchmarks (<see cref="SlaBenchData"/>), a few weeks for the demo store so its compliance report has a history. They
/// belong to no conversation. Policies and goals are the shipped defaults; actual times are log-normal around half the
/// goal, so about four in five are kept and a long tail is missed.
/// </summary>
public static class SlaHistory
{
    private static readonly (string Policy, Channel Channel, string[] Targets, long[] Goals)[] Mix =
    [
        ("Email and web form", Channel.Email, [SlaTargets.FirstResponse, SlaTargets.NextResponse, SlaTargets.Resolution], [3600, 4 * 3600, 24 * 3600]),
        ("Email and web form", Channel.Email, [SlaTargets.FirstResponse, SlaTargets.NextResponse, SlaTargets.Resolution], [3600, 4 * 3600, 24 * 3600]),
        ("Email and web form", Channel.Web, [SlaTargets.FirstResponse, SlaTargets.NextResponse, SlaTargets.Resolution], [3600, 4 * 3600, 24 * 3600]),
        ("Chat", Channel.Chat, [SlaTargets.FirstResponse, SlaTargets.NextResponse], [60, 120]),
        ("Callback", Channel.Callback, [SlaTargets.FirstResponse], [7200]),
        ("Other channels", Channel.Api, [SlaTargets.FirstResponse], [8 * 3600]),
    ];

    /// <summary>
    /// Writes the results of <paramref name="conversations"/> made-up conversations started within
    /// <paramref name="span"/> before <paramref name="until"/>, in chunks; returns how many rows.
    /// </summary>
    public static async Task<long> WriteAsync(TouchpointDb db, Random random, int conversations, DateTime until, TimeSpan span,
        IReadOnlyList<string?> assignees, IReadOnlyList<string> topics, long firstNumber, CancellationToken ct)
    {
        long written = 0;
        const int chunk = 50_000;
        var seconds = (int)Math.Max(1, span.TotalSeconds);
        for (var start = 0; start < conversations; start += chunk)
        {
            var rows = new List<SlaOutcome>(chunk * 3);
            for (var i = start; i < Math.Min(conversations, start + chunk); i++)
            {
                var (policy, channel, targets, goals) = Mix[random.Next(Mix.Length)];
                var id = Guid.CreateVersion7();
                var created = until.AddSeconds(-random.Next(seconds));
                var assignee = assignees[random.Next(assignees.Count)];
                var topic = topics[random.Next(topics.Count)];
                for (var t = 0; t < targets.Length; t++)
                {
                    var cycles = targets[t] == SlaTargets.NextResponse ? random.Next(3) : 1;
                    for (var cycle = 1; cycle <= cycles; cycle++)
                    {
                        var goal = goals[t];
                        var actual = (long)Math.Max(1, goal * 0.45 * Math.Exp(0.9 * Normal(random)));
                        var achieved = actual <= goal;
                        rows.Add(new SlaOutcome
                        {
                            ConversationId = id, Number = firstNumber + i, Target = targets[t], Cycle = cycle, Policy = policy, Channel = channel, Topic = topic,
                            Priority = Priority.Normal, AssigneeId = assignee, GoalSeconds = goal, Achieved = achieved, StartedAt = created,
                            DecidedAt = created.AddSeconds(achieved ? actual : goal), ActualSeconds = actual, CompletedAt = created.AddSeconds(actual),
                        });
                    }
                }
            }
            await BulkInsert.WriteAsync(db, rows, ct);
            written += rows.Count;
        }
        return written;
    }

    /// <summary>Whether finished days were folded already: results written for days before the mark would never be folded.</summary>
    public static Task<bool> RolledUpAsync(TouchpointDb db, CancellationToken ct) =>
        db.Set<SlaMark>().AnyAsync(m => m.Name == SlaRollup.Mark, ct);

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
