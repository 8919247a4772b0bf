using System.Security.Cryptography;
using System.Text;

namespace Touchpoint.Features.Quality;

/// <summary>
/// The draw of a review cycle, a pure rule: stratified by reviewee (up to the goal each, fewer when they had fewer
/// eligible conversations), random with a seed (the same seed and the same candidates give the same draw, whatever the
/// order they were read in), the sample handed to the reviewers round-robin. Never a conversation without a public
/// reply, a mystery shopper's, or one already reviewed.
/// </summary>
public static class ReviewSampler
{
    public sealed record Candidate(long Number, Guid ConversationId, string RevieweeId, bool HasPublicReply, bool MysteryShopper, bool AlreadyReviewed);

    public sealed record Pick(long Number, Guid ConversationId, string RevieweeId, string ReviewerId);

    public static bool Eligible(Candidate c) => c.HasPublicReply && !c.MysteryShopper && !c.AlreadyReviewed;

    public static IReadOnlyList<Pick> Draw(IEnumerable<Candidate> candidates, IEnumerable<string> reviewees, IEnumerable<string> reviewers, int goal, int seed)
    {
        var reviewerList = reviewers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (goal <= 0 || reviewerList.Count == 0)
        {
            return [];
        }
        var byReviewee = candidates.Where(Eligible)
            .DistinctBy(c => c.Number)
            .GroupBy(c => c.RevieweeId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Number).ToList(), StringComparer.Ordinal);
        var random = new Random(seed);
        var picks = new List<Pick>();
        var turn = 0;
        foreach (var reviewee in reviewees.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!byReviewee.TryGetValue(reviewee, out var pool))
            {
                continue;
            }
            // A partial Fisher–Yates shuffle over the candidates in number order: the first `take` are the draw.
            var take = Math.Min(goal, pool.Count);
            for (var i = 0; i < take; i++)
            {
                var j = random.Next(i, pool.Count);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }
            foreach (var c in pool.Take(take).OrderBy(c => c.Number))
            {
                // Nobody reviews their own work when another reviewer is there.
                var reviewer = reviewerList[turn % reviewerList.Count];
                if (reviewer == c.RevieweeId && reviewerList.Count > 1)
                {
                    turn++;
                    reviewer = reviewerList[turn % reviewerList.Count];
                }
                turn++;
                picks.Add(new Pick(c.Number, c.ConversationId, c.RevieweeId, reviewer));
            }
        }
        return picks;
    }

    /// <summary>The cycle's seed, derived from the assignment and the cycle so that two instances drawing at once draw alike.</summary>
    public static int SeedFor(Guid assignment, DateTime cycleStart)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{assignment:N}:{cycleStart.Ticks}"));
        return BitConverter.ToInt32(hash, 0) & int.MaxValue;
    }
}

/// <summary>
/// Review cycles in the store's time zone: a week from Monday midnight, a fortnight from every other Monday (counted
/// from Monday 2024-01-01), a month from its first midnight. Bounds are UTC; the end is exclusive.
/// </summary>
public static class ReviewCycle
{
    private static readonly DateTime FortnightEpoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The cycle containing <paramref name="utc"/>.</summary>
    public static (DateTime Start, DateTime End) Containing(DateTime utc, string cadence, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var startLocal = LocalStart(DateOnly.FromDateTime(local), cadence);
        return (ToUtc(startLocal, zone), ToUtc(NextLocal(startLocal, cadence), zone));
    }

    /// <summary>The cycle containing the store's day <paramref name="day"/>.</summary>
    public static (DateTime Start, DateTime End) ContainingDay(DateOnly day, string cadence, TimeZoneInfo zone)
    {
        var startLocal = LocalStart(day, cadence);
        return (ToUtc(startLocal, zone), ToUtc(NextLocal(startLocal, cadence), zone));
    }

    /// <summary>The cycle before the one starting at <paramref name="cycleStart"/>: the period its sample is drawn from.</summary>
    public static (DateTime Start, DateTime End) Before(DateTime cycleStart, string cadence, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(cycleStart, DateTimeKind.Utc), zone);
        return Containing(ToUtc(local.AddDays(-1), zone), cadence, zone);
    }

    private static DateTime LocalStart(DateOnly day, string cadence)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        switch (cadence)
        {
            case Cadences.Monthly:
                return new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
            case Cadences.Fortnightly:
                var monday = midnight.AddDays(-(((int)midnight.DayOfWeek + 6) % 7));
                var weeks = (int)Math.Floor((monday - FortnightEpoch).TotalDays / 7);
                return ((weeks % 2) + 2) % 2 == 0 ? monday : monday.AddDays(-7);
            default:
                return midnight.AddDays(-(((int)midnight.DayOfWeek + 6) % 7));
        }
    }

    private static DateTime NextLocal(DateTime start, string cadence) => cadence switch
    {
        Cadences.Monthly => start.AddMonths(1),
        Cadences.Fortnightly => start.AddDays(14),
        _ => start.AddDays(7),
    };

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // Midnight can fall into a spring-forward gap in some zones: take the first moment after it.
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }
}
