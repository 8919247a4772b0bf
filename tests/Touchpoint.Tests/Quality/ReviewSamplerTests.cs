using Touchpoint.Features.Quality;

namespace Touchpoint.Tests.Quality;

/// <summary>The draw of a review cycle (a pure rule) and the cycles' bounds in the store's time zone.</summary>
public sealed class ReviewSamplerTests
{
    private static readonly string[] Reviewers = ["rev-a", "rev-b"];

    private static ReviewSampler.Candidate C(long number, string reviewee, bool replied = true, bool shopper = false, bool reviewed = false) =>
        new(number, Guid.NewGuid(), reviewee, replied, shopper, reviewed);

    private static List<ReviewSampler.Candidate> Pool(string reviewee, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(n => C(n, reviewee))];

    [Fact]
    public void The_same_seed_and_candidates_give_the_same_draw_whatever_their_order()
    {
        var candidates = Pool("ann", 100, 30).Concat(Pool("bob", 200, 30)).ToList();
        var first = ReviewSampler.Draw(candidates, ["ann", "bob"], Reviewers, 4, seed: 42);
        var shuffled = candidates.OrderBy(c => c.Number % 7).ThenByDescending(c => c.Number).ToList();
        var second = ReviewSampler.Draw(shuffled, ["bob", "ann"], Reviewers.Reverse(), 4, seed: 42);
        Assert.Equal(first.Select(p => (p.Number, p.RevieweeId, p.ReviewerId)), second.Select(p => (p.Number, p.RevieweeId, p.ReviewerId)));
        var other = ReviewSampler.Draw(candidates, ["ann", "bob"], Reviewers, 4, seed: 43);
        Assert.NotEqual(first.Select(p => p.Number), other.Select(p => p.Number));
    }

    [Fact]
    public void Each_reviewee_gets_the_goal_and_the_reviewers_take_turns()
    {
        var candidates = Pool("ann", 1, 10).Concat(Pool("bob", 20, 10)).Concat(Pool("cid", 40, 10)).ToList();
        var picks = ReviewSampler.Draw(candidates, ["ann", "bob", "cid"], Reviewers, 3, seed: 7);
        Assert.Equal(9, picks.Count);
        Assert.All(picks.GroupBy(p => p.RevieweeId), g => Assert.Equal(3, g.Count()));
        Assert.Equal(picks.Count, picks.Select(p => p.Number).Distinct().Count());
        // Strata: every pick is one of its reviewee's own conversations.
        Assert.All(picks, p => Assert.Contains(candidates, c => c.Number == p.Number && c.RevieweeId == p.RevieweeId));
        Assert.Equal(["rev-a", "rev-b", "rev-a", "rev-b", "rev-a", "rev-b", "rev-a", "rev-b", "rev-a"], picks.Select(p => p.ReviewerId));
    }

    [Fact]
    public void A_reviewee_with_fewer_candidates_than_the_goal_gets_them_all_and_others_are_not_topped_up()
    {
        var candidates = Pool("ann", 1, 2).Concat(Pool("bob", 20, 10)).ToList();
        var picks = ReviewSampler.Draw(candidates, ["ann", "bob", "nobody"], Reviewers, 4, seed: 1);
        Assert.Equal([1L, 2L], picks.Where(p => p.RevieweeId == "ann").Select(p => p.Number));
        Assert.Equal(4, picks.Count(p => p.RevieweeId == "bob"));
        Assert.DoesNotContain(picks, p => p.RevieweeId == "nobody");
    }

    [Fact]
    public void Never_a_conversation_without_a_public_reply_a_mystery_shoppers_or_one_already_reviewed()
    {
        var candidates = new List<ReviewSampler.Candidate>
        {
            C(1, "ann", replied: false), C(2, "ann", shopper: true), C(3, "ann", reviewed: true), C(4, "ann"), C(5, "ann"),
        };
        for (var seed = 0; seed < 50; seed++)
        {
            var picks = ReviewSampler.Draw(candidates, ["ann"], Reviewers, 5, seed);
            Assert.Equal([4L, 5L], picks.Select(p => p.Number));
        }
    }

    [Fact]
    public void Reviewees_outside_the_assignment_and_candidates_of_others_are_ignored_and_no_reviewer_means_no_draw()
    {
        var candidates = Pool("ann", 1, 5).Concat(Pool("eve", 10, 5)).ToList();
        var picks = ReviewSampler.Draw(candidates, ["ann"], Reviewers, 2, seed: 3);
        Assert.All(picks, p => Assert.Equal("ann", p.RevieweeId));
        Assert.Empty(ReviewSampler.Draw(candidates, ["ann"], [], 2, seed: 3));
        Assert.Empty(ReviewSampler.Draw(candidates, ["ann"], Reviewers, 0, seed: 3));
    }

    [Fact]
    public void Nobody_reviews_their_own_work_when_another_reviewer_is_there()
    {
        var picks = ReviewSampler.Draw(Pool("rev-a", 1, 4), ["rev-a"], Reviewers, 4, seed: 5);
        Assert.All(picks, p => Assert.Equal("rev-b", p.ReviewerId));
    }

    [Fact]
    public void The_seed_follows_the_assignment_and_the_cycle()
    {
        var id = Guid.NewGuid();
        var monday = new DateTime(2026, 11, 29, 23, 0, 0, DateTimeKind.Utc);
        Assert.Equal(ReviewSampler.SeedFor(id, monday), ReviewSampler.SeedFor(id, monday));
        Assert.NotEqual(ReviewSampler.SeedFor(id, monday), ReviewSampler.SeedFor(id, monday.AddDays(7)));
        Assert.True(ReviewSampler.SeedFor(id, monday) >= 0);
    }

    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    [Fact]
    public void A_week_starts_on_the_stores_Monday_midnight_which_is_Sunday_in_UTC()
    {
        // Monday 30 November 2026, 00:30 in Warsaw (CET, +1) is Sunday 23:30 UTC: already the new week.
        var mondayNight = new DateTime(2026, 11, 29, 23, 30, 0, DateTimeKind.Utc);
        var (start, end) = ReviewCycle.Containing(mondayNight, Cadences.Weekly, Warsaw);
        Assert.Equal(new DateTime(2026, 11, 29, 23, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 12, 6, 23, 0, 0, DateTimeKind.Utc), end);
        // Sunday 23:59 in Warsaw is still the week before.
        var (before, beforeEnd) = ReviewCycle.Containing(new DateTime(2026, 11, 29, 22, 59, 0, DateTimeKind.Utc), Cadences.Weekly, Warsaw);
        Assert.Equal(new DateTime(2026, 11, 22, 23, 0, 0, DateTimeKind.Utc), before);
        Assert.Equal(start, beforeEnd);
        Assert.Equal((before, start), ReviewCycle.Before(start, Cadences.Weekly, Warsaw));
    }

    [Fact]
    public void Months_and_fortnights_follow_the_stores_calendar_and_summer_time()
    {
        // April 2026 starts at midnight CEST (+2): 31 March 22:00 UTC; it ends at 1 May 00:00 CEST.
        var (start, end) = ReviewCycle.Containing(new DateTime(2026, 4, 15, 12, 0, 0, DateTimeKind.Utc), Cadences.Monthly, Warsaw);
        Assert.Equal(new DateTime(2026, 3, 31, 22, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 4, 30, 22, 0, 0, DateTimeKind.Utc), end);
        // The week across the spring change (Sunday 29 March 2026) is 167 hours long.
        var (weekStart, weekEnd) = ReviewCycle.Containing(new DateTime(2026, 3, 27, 12, 0, 0, DateTimeKind.Utc), Cadences.Weekly, Warsaw);
        Assert.Equal(TimeSpan.FromHours(167), weekEnd - weekStart);
        // Fortnights start on every other Monday counted from Monday 1 January 2024, and are 14 days long.
        var (f1, f1End) = ReviewCycle.ContainingDay(new DateOnly(2024, 1, 10), Cadences.Fortnightly, TimeZoneInfo.Utc);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), f1);
        Assert.Equal(new DateTime(2024, 1, 15, 0, 0, 0, DateTimeKind.Utc), f1End);
        var (f2, _) = ReviewCycle.ContainingDay(new DateOnly(2024, 1, 22), Cadences.Fortnightly, TimeZoneInfo.Utc);
        Assert.Equal(new DateTime(2024, 1, 15, 0, 0, 0, DateTimeKind.Utc), f2);
        var (f0, _) = ReviewCycle.ContainingDay(new DateOnly(2023, 12, 31), Cadences.Fortnightly, TimeZoneInfo.Utc);
        Assert.Equal(new DateTime(2023, 12, 18, 0, 0, 0, DateTimeKind.Utc), f0);
    }
}
