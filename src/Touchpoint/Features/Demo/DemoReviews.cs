using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Demo;

/// <summary>
/// A few quality reviews of the demo agents' conversations, scored by the demo auditor on the shipped support scorecard,
/// each commented in the agent's language: one excellent, one fair, one with a critical fail.
/// </summary>
public sealed class DemoReviews(TouchpointDb db, CreateReview create)
{
    private static readonly (string Agent, double[] Values, string Comment)[] Plan =
    [
        ("agent@demo.touchpoint", [1, 1, 5, 5, 5, 1, 1, 1], "Wzorowa odpowiedź: procedura, termin i uprzejmy ton."),
        ("agent@demo.touchpoint", [1, 0, 4, 4, 4, 1, 1, 1], "Dobrze, ale bez zwrotu do klienta po imieniu."),
        ("agent.en@demo.touchpoint", [1, 1, 3, 2, 4, 0, 1, 1], "The customer had to repeat the order number; no next step was given."),
        ("agent.ru@demo.touchpoint", [1, 1, 4, 5, 5, 1, 0, 1], "Неверно указан срок возврата — критическая ошибка."),
    ];

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        var scorecard = await db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == QualityDefaults.Support)
            .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (scorecard is null || await db.Set<Review>().AnyAsync(ct))
        {
            return 0;
        }
        var written = 0;
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
                    await create.ExecuteAsync(checkedRequest!, "user:auditor@demo.touchpoint", ct);
                    written++;
                }
            }
        }
        return written;
    }
}
