using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Demo;

/// <summary>
/// A few quality reviews of the demo agents' conversations, scored by the demo auditor on the shipped support scorecard,
/// each commented in the agent's language: one excellent, one fair, one with a critical fail. The English agent disputes
/// theirs, so the service owner finds an open dispute on the quality page. Before them, eight weeks of history
/// (<see cref="History"/>): two reviews a week per agent, dated back from the injected clock, each agent with a trend of
/// their own, so the score over time, the training plan's "improved in the following period" and last month's bonus have data.
/// </summary>
public sealed class DemoReviews(TouchpointDb db, CreateReview create, OpenDispute dispute, TimeProvider time)
{
    /// <summary>Weeks of history before this week.</summary>
    public const int HistoryWeeks = 8;

    /// <summary>
    /// Each agent's level (0..1) from eight weeks ago to last week: Anna (Polish) improves steadily, the English agent is
    /// good with a dip in the middle, the Russian agent starts weak and catches up.
    /// </summary>
    private static readonly (string Agent, double[] Levels)[] Trends =
    [
        ("agent@demo.touchpoint", [0.60, 0.64, 0.68, 0.72, 0.77, 0.82, 0.87, 0.92]),
        ("agent.en@demo.touchpoint", [0.86, 0.88, 0.84, 0.70, 0.74, 0.82, 0.88, 0.90]),
        ("agent.ru@demo.touchpoint", [0.45, 0.50, 0.52, 0.58, 0.62, 0.70, 0.76, 0.80]),
    ];

    private static readonly (string Agent, double[] Values, string Comment)[] Plan =
    [
        ("agent@demo.touchpoint", [1, 1, 5, 5, 5, 1, 1, 1], "Wzorowa odpowiedź: procedura, termin i uprzejmy ton."),
        ("agent@demo.touchpoint", [1, 0, 4, 4, 4, 1, 1, 1], "Dobrze, ale bez zwrotu do klienta po imieniu."),
        ("agent.en@demo.touchpoint", [1, 1, 3, 2, 4, 0, 1, 1], "The customer had to repeat the order number; no next step was given."),
        ("agent.ru@demo.touchpoint", [1, 1, 4, 5, 5, 1, 0, 1], "Неверно указан срок возврата — критическая ошибка."),
    ];

    private const string DisputingAgent = "agent.en@demo.touchpoint";

    private async Task DisputeAsync(Review review, string agentId, string email, CancellationToken ct)
    {
        var reviewee = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, agentId)], "demo"));
        var (checkedRequest, validation, refusal) = await dispute.ValidateAsync(review.Id, new PostDisputeRequest(
            "The customer wrote the order number only in the subject line; I asked once to confirm the parcel, not to repeat it.",
            [new DisputeAnswerRequest("no_repeat", 4)]), reviewee, ct);
        if (validation.IsValid && refusal == OpenDispute.Refusal.None)
        {
            await dispute.ExecuteAsync(checkedRequest!, $"user:{email}", ct);
        }
    }

    /// <summary>
    /// The answer to a support criterion at a level, nudged by a small fixed wobble per review so the weeks are not a
    /// straight line: the habits fail in a believable order (addressing by name first, then the next step, then the
    /// promise), the scales follow the level, and the critical criteria hold.
    /// </summary>
    public static double Answer(string criterion, string scale, double level, int wobble)
    {
        var l = level + (wobble % 5 - 2) * 0.03;
        var s = Scale.Find(scale) ?? Scale.OneToFive;
        double On(double x) => Math.Clamp(Math.Round(s.Min + (s.Max - s.Min) * x, MidpointRounding.AwayFromZero), s.Min, s.Max);
        return criterion switch
        {
            "name" => l >= 0.75 ? 1 : 0,
            "next_step" => l >= 0.65 ? 1 : 0,
            "within_promise" => l >= 0.55 ? 1 : 0,
            _ when s == Scale.YesNo => 1,
            "no_repeat" => On(l - 0.1),
            "register" => On(l + 0.1),
            _ => On(l),
        };
    }

    /// <summary>Two reviews a week per agent over the <see cref="HistoryWeeks"/> weeks before this one, without a conversation.</summary>
    private async Task<int> HistoryAsync(Scorecard scorecard, DateTime now, CancellationToken ct)
    {
        var written = 0;
        foreach (var ((agent, levels), a) in Trends.Select((t, a) => (t, a)))
        {
            for (var week = 0; week < levels.Length; week++)
            {
                var weeksAgo = levels.Length - week;
                for (var k = 0; k < 2; k++)
                {
                    var wobble = week * 7 + k * 3 + a * 5;
                    var answers = scorecard.Criteria.Select((c, j) => (AnswerRequest?)new AnswerRequest(c.Key, Answer(c.Key, c.Scale, levels[week], wobble + j), null)).ToList();
                    var (checkedRequest, validation) = await create.ValidateAsync(new PostReviewRequest(scorecard.Key, null, null, agent, answers, null), ct);
                    if (!validation.IsValid)
                    {
                        continue;
                    }
                    var at = now.AddDays(-(7 * weeksAgo) + 3 * k).AddHours(-(2 + a));
                    create.Stage(checkedRequest!, "user:auditor@demo.touchpoint", at);
                    written++;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return written;
    }

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        var scorecard = await db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == QualityDefaults.Support)
            .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (scorecard is null || await db.Set<Review>().AnyAsync(ct))
        {
            return 0;
        }
        var written = await HistoryAsync(scorecard, time.GetUtcNow().UtcDateTime, ct);
        foreach (var group in Plan.GroupBy(p => p.Agent))
        {
            var agentId = await db.Users.Where(u => u.Email == group.Key).Select(u => u.Id).FirstOrDefaultAsync(ct);
            var numbers = agentId is null ? [] : await db.Set<Conversation>().AsNoTracking().Where(c => c.AssigneeId == agentId)
                .OrderBy(c => c.Number).Select(c => c.Number).Take(group.Count()).ToListAsync(ct);
            foreach (var ((agent, values, comment), i) in group.Select((p, i) => (p, i)))
            {
                long? number = i < numbers.Count ? numbers[i] : null;
                var answers = scorecard.Criteria.Select((c, j) => (AnswerRequest?)new AnswerRequest(c.Key, values[j], null)).ToList();
                var (checkedRequest, validation) = await create.ValidateAsync(
                    new PostReviewRequest(scorecard.Key, number, null, agent, answers, comment), ct);
                if (validation.IsValid)
                {
                    var review = await create.ExecuteAsync(checkedRequest!, "user:auditor@demo.touchpoint", ct);
                    written++;
                    if (agent == DisputingAgent && agentId is not null)
                    {
                        await DisputeAsync(review, agentId, agent, ct);
                    }
                }
            }
        }
        return written;
    }
}
