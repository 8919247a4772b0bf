using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Demo;

/// <summary>
/// A few quality reviews of the demo agents' conversations, scored by the demo auditor on the shipped support scorecard,
/// each commented in the agent's language: one excellent, one fair, one with a critical fail. The English agent disputes
/// theirs, so the service owner finds an open dispute on the quality page.
/// </summary>
public sealed class DemoReviews(TouchpointDb db, CreateReview create, OpenDispute dispute)
{
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
