using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Demo;

/// <summary>
/// Benchmark volumes for Quality (<c>seed-demo --bulk-agents N --bulk-reviews N</c>): N more agents, so the bulk
/// conversations spread over a real team and a review cycle can be drawn for 200 people; then N reviews of resolved bulk
/// conversations, scored on the shipped support scorecard with a skill per agent, each written a few days after the
/// resolve. Rows go through <see cref="Review.Record"/> (the real score and critical rule), then <see cref="BulkInsert"/>.
/// </summary>
public sealed class DemoBulkQuality(TouchpointDb db, UserManager<TouchpointUser> users, TimeProvider time, ILogger<DemoBulkQuality> logger)
{
    private const int Chunk = 20_000;

    /// <summary>The bench agents' addresses start with "agent", so the bulk conversations are assigned to them too.</summary>
    public static string BenchAgent(int i) => $"agent-bench-{i:D3}@demo.touchpoint";

    public async Task<int> SeedAgentsAsync(int count, string password, CancellationToken ct)
    {
        var created = 0;
        for (var i = 1; i <= count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var email = BenchAgent(i);
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }
            var user = new TouchpointUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Bench agent {i:D3}", Language = "en",
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
            await users.AddToRoleAsync(user, Roles.Agent);
            created++;
        }
        return created;
    }

    public async Task<TimeSpan> SeedReviewsAsync(int count, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (count <= 0)
        {
            return watch.Elapsed;
        }
        var scorecard = await db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == QualityDefaults.Support)
            .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("No support scorecard: the shipped defaults write it at start.");
        var emails = await db.Users.AsNoTracking().Where(u => u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        var resolved = await db.Set<ConversationFact>().AsNoTracking()
            .Where(f => f.Kind == FactKinds.Resolved && f.AssigneeId != null)
            .Select(f => new { f.Number, f.AssigneeId, f.At }).ToListAsync(ct);
        if (resolved.Count == 0)
        {
            throw new InvalidOperationException("No resolved conversations to review: seed them first (--bulk-conversations N).");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var random = new Random(count ^ 104729);
        // A partial shuffle: the first `take` are a uniform sample without repeats.
        var take = Math.Min(count, resolved.Count);
        for (var i = 0; i < take; i++)
        {
            var j = random.Next(i, resolved.Count);
            (resolved[i], resolved[j]) = (resolved[j], resolved[i]);
        }
        var skill = new Dictionary<string, double>(StringComparer.Ordinal);
        var reviewer = "user:auditor@demo.touchpoint";
        for (var start = 0; start < take; start += Chunk)
        {
            var size = Math.Min(Chunk, take - start);
            var reviews = new List<Review>(size);
            for (var i = start; i < start + size; i++)
            {
                var f = resolved[i];
                if (!emails.TryGetValue(f.AssigneeId!, out var email))
                {
                    continue;
                }
                if (!skill.TryGetValue(f.AssigneeId!, out var p))
                {
                    skill[f.AssigneeId!] = p = 0.6 + 0.38 * random.NextDouble();
                }
                var answers = scorecard.Criteria.Select(c => (c, Answer(c, p, random), (string?)null)).ToList();
                var at = f.At.AddHours(4 + random.Next(24 * 5));
                reviews.Add(Review.Record(scorecard, f.Number, null, f.AssigneeId!, email, answers, null, at > now ? now : at, reviewer));
            }
            await BulkInsert.WriteAsync(db, reviews, ct);
            await BulkInsert.WriteAsync(db, reviews.SelectMany(r => r.Answers), ct);
            logger.LogInformation("Seeded {Done}/{Total} bulk reviews", start + size, take);
        }
        return watch.Elapsed;
    }

    /// <summary>An answer by an agent of skill <paramref name="p"/>: yes with that chance, else around p of the scale; a critical fail is rare.</summary>
    private static double? Answer(Criterion c, double p, Random random)
    {
        var scale = c.ScaleRange;
        if (c.AllowNa && random.NextDouble() < 0.05)
        {
            return null;
        }
        if (c.Critical)
        {
            return random.NextDouble() < 0.004 ? scale.Min : scale.Max;
        }
        if (scale.Max - scale.Min == 1)
        {
            return random.NextDouble() < p ? scale.Max : scale.Min;
        }
        var value = scale.Min + (scale.Max - scale.Min) * Math.Clamp(p + (random.NextDouble() - 0.5) * 0.4, 0, 1);
        return Math.Round(value);
    }
}
