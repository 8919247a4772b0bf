using Touchpoint.Features.Quality;

namespace Touchpoint.Tests.Quality;

/// <summary>An employee's score over time: periods in the store's zone, review counts, thin points and the change.</summary>
public sealed class ScoreTrendTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    private static DateTime Utc(int y, int m, int d, int h = 12) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Weeks_start_on_monday_and_months_on_the_first()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), ScoreTrend.StartOf(new DateOnly(2026, 12, 4), ScoreTrend.Week));
        Assert.Equal(new DateOnly(2026, 11, 30), ScoreTrend.StartOf(new DateOnly(2026, 11, 30), ScoreTrend.Week));
        Assert.Equal(new DateOnly(2026, 11, 30), ScoreTrend.StartOf(new DateOnly(2026, 12, 6), ScoreTrend.Week));
        Assert.Equal(new DateOnly(2026, 12, 1), ScoreTrend.StartOf(new DateOnly(2026, 12, 31), ScoreTrend.Month));
        Assert.Equal(new DateOnly(2026, 1, 1), ScoreTrend.FirstOf(new DateOnly(2026, 12, 4), ScoreTrend.Month, 12));
        Assert.Equal(new DateOnly(2026, 11, 16), ScoreTrend.FirstOf(new DateOnly(2026, 12, 4), ScoreTrend.Week, 3));
    }

    [Fact]
    public void Each_month_has_its_mean_count_thin_mark_and_change_and_empty_months_stay_empty()
    {
        var points = ScoreTrend.Compute(
        [
            (Utc(2026, 9, 3), 80), (Utc(2026, 9, 10), 90), (Utc(2026, 9, 20), 100),
            (Utc(2026, 10, 5), 70), (Utc(2026, 10, 6), 75),
            (Utc(2026, 12, 1), 95),
        ], Warsaw, ScoreTrend.Month, new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 4));
        Assert.Equal([new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)], points.Select(p => p.Start));
        Assert.Equal(new ScoreTrend.Point(new DateOnly(2026, 9, 1), 90, 3, false, null), points[0]);
        Assert.Equal(new ScoreTrend.Point(new DateOnly(2026, 10, 1), 72.5, 2, true, -17.5), points[1]);
        Assert.Equal(new ScoreTrend.Point(new DateOnly(2026, 11, 1), null, 0, false, null), points[2]);
        // After an empty month there is nothing to compare with.
        Assert.Equal(new ScoreTrend.Point(new DateOnly(2026, 12, 1), 95, 1, true, null), points[3]);
    }

    [Fact]
    public void A_review_late_on_sunday_evening_utc_falls_in_the_store_week_it_was_given_in()
    {
        // Sunday 29 Nov 2026, 23:30 UTC is already Monday 30 Nov, 00:30 in Warsaw: the new week there.
        var points = ScoreTrend.Compute([(new DateTime(2026, 11, 29, 23, 30, 0, DateTimeKind.Utc), 60.04), (Utc(2026, 11, 25), 80)], Warsaw, ScoreTrend.Week,
            new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 4));
        Assert.Equal(2, points.Count);
        Assert.Equal((80.0, 1), (points[0].Score!.Value, points[0].Reviews));
        Assert.Equal((60.0, 1, -20.0), (points[1].Score!.Value, points[1].Reviews, points[1].Change!.Value));
    }

    [Fact]
    public void No_reviews_give_empty_periods_only()
    {
        var points = ScoreTrend.Compute([], Warsaw, ScoreTrend.Week, new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 4));
        Assert.Equal(5, points.Count);
        Assert.All(points, p => Assert.Equal((null, 0, false), (p.Score, p.Reviews, p.Thin)));
    }
}
