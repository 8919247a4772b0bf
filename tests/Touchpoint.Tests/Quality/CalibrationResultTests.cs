using Touchpoint.Features.Quality;

namespace Touchpoint.Tests.Quality;

/// <summary>The calibration result: spread, median and each reviewer's distance, in total and per criterion.</summary>
public sealed class CalibrationResultTests
{
    private static CalibrationResult.Scoring S(long conversation, string reviewer, double score, params (string Key, double? Value)[] criteria) =>
        new(conversation, reviewer, score, criteria.ToDictionary(c => c.Key, c => c.Value));

    [Fact]
    public void Totals_show_spread_median_and_flag_a_reviewer_more_than_ten_points_away()
    {
        var result = CalibrationResult.Compute([S(7, "a", 80), S(7, "b", 85), S(7, "c", 96)]);
        var total = Assert.Single(result).Total;
        Assert.Equal(85, total.Median);
        Assert.Equal(16, total.Spread);
        Assert.Equal([("a", 5.0, false), ("b", 0.0, false), ("c", 11.0, true)], total.Reviewers.Select(r => (r.Reviewer, r.FromMedian, r.Flagged)));
    }

    [Fact]
    public void Exactly_ten_points_is_not_flagged_and_an_even_count_takes_the_middle_two()
    {
        var total = CalibrationResult.Compute([S(1, "a", 70), S(1, "b", 80), S(1, "c", 90), S(1, "d", 100)]).Single().Total;
        Assert.Equal(85, total.Median);
        Assert.Equal(30, total.Spread);
        Assert.Equal([15.0, 5.0, 5.0, 15.0], total.Reviewers.Select(r => r.FromMedian));
        Assert.Equal([true, false, false, true], total.Reviewers.Select(r => r.Flagged));
        var ten = CalibrationResult.Compute([S(2, "a", 80), S(2, "b", 90)]).Single().Total;
        Assert.Equal(85, ten.Median);
        Assert.All(ten.Reviewers, r => Assert.False(r.Flagged));
        var eleven = CalibrationResult.MeasureOf([("a", 60), ("b", 71), ("c", 71)]);
        Assert.True(eleven.Reviewers.Single(r => r.Reviewer == "a").Flagged);
    }

    [Fact]
    public void Criteria_are_measured_in_points_and_NA_leaves_the_reviewer_out()
    {
        var result = CalibrationResult.Compute(
        [
            S(3, "a", 90, ("tone", 1.0), ("procedure", 0.75)),
            S(3, "b", 70, ("tone", 0.5), ("procedure", null)),
            S(3, "c", 80, ("tone", 0.9), ("procedure", 0.5)),
            S(4, "a", 50, ("tone", 0.2)),
        ]);
        Assert.Equal([3L, 4L], result.Select(r => r.Conversation));
        var tone = result[0].Criteria["tone"];
        Assert.Equal(90, tone.Median);
        Assert.Equal(50, tone.Spread);
        Assert.Equal([("a", 100.0, 10.0, false), ("b", 50.0, 40.0, true), ("c", 90.0, 0.0, false)],
            tone.Reviewers.Select(r => (r.Reviewer, r.Points, r.FromMedian, r.Flagged)));
        var procedure = result[0].Criteria["procedure"];
        Assert.Equal(["a", "c"], procedure.Reviewers.Select(r => r.Reviewer));
        Assert.Equal(62.5, procedure.Median);
        Assert.Equal(25, procedure.Spread);
        Assert.Equal(0, result[1].Total.Spread);
    }
}
