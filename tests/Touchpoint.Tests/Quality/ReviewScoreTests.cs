using Touchpoint.Features.Quality;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Tests.Quality;

public sealed class ReviewScoreTests
{
    private static Criterion C(string scale, double weight = 1, bool critical = false, string key = "c") => new()
    {
        Key = key, Section = "s", Text = LocalizedText.Of("a", "б", "c"), Scale = scale, Weight = weight, Critical = critical, AllowNa = true,
    };

    private static ReviewScore.Result Score(params (Criterion C, double? V)[] answers) =>
        ReviewScore.Compute([.. answers.Select(a => new ReviewScore.Answer(a.C, a.V))]);

    [Theory]
    [InlineData("yes_no", 1, 100)]
    [InlineData("yes_no", 0, 0)]
    [InlineData("1_3", 1, 0)]
    [InlineData("1_3", 2, 50)]
    [InlineData("1_3", 3, 100)]
    [InlineData("1_5", 1, 0)]
    [InlineData("1_5", 2, 25)]
    [InlineData("1_5", 4, 75)]
    [InlineData("1_5", 5, 100)]
    [InlineData("0_10", 0, 0)]
    [InlineData("0_10", 7, 70)]
    [InlineData("0_10", 10, 100)]
    public void Every_scale_normalises_from_its_minimum_to_its_maximum(string scale, double value, double expected)
    {
        Assert.Equal(expected, Score((C(scale), value)).Score);
        Assert.Equal(expected / 100, ReviewScore.Normalise(C(scale), value)!.Value, 9);
    }

    [Fact]
    public void Weights_pull_the_score_towards_the_heavier_criterion()
    {
        // 100 × (3 × 1 + 1 × 0) / (3 + 1) = 75
        Assert.Equal(75, Score((C("yes_no", 3, key: "a"), 1), (C("yes_no", 1, key: "b"), 0)).Score);
        // 100 × (2 × 0.75 + 1 × 0.5) / 3 = 66.666… → 66.7
        Assert.Equal(66.7, Score((C("1_5", 2, key: "a"), 4), (C("1_3", 1, key: "b"), 2)).Score);
    }

    [Fact]
    public void NA_is_left_out_of_both_sums()
    {
        Assert.Equal(100, Score((C("yes_no", 5, key: "a"), null), (C("yes_no", 1, key: "b"), 1)).Score);
        Assert.Equal(50, Score((C("1_3", 1, key: "a"), 2), (C("0_10", 9, key: "b"), null)).Score);
        Assert.Null(ReviewScore.Normalise(C("1_5"), null));
        Assert.Throws<ArgumentException>(() => Score((C("yes_no"), null)));
    }

    [Fact]
    public void A_critical_criterion_at_its_minimum_makes_the_score_zero_whatever_the_rest()
    {
        var result = Score((C("yes_no", 10, key: "a"), 1), (C("1_5", 1, key: "b"), 5), (C("yes_no", 1, critical: true, key: "k"), 0));
        Assert.Equal(0, result.Score);
        Assert.True(result.CriticalFailed);

        var scaled = Score((C("1_5", 1, key: "a"), 5), (C("1_5", 1, critical: true, key: "k"), 1));
        Assert.True(scaled.CriticalFailed);

        // Answered above the minimum, or N/A, a critical criterion counts like any other.
        var passed = Score((C("yes_no", 1, key: "a"), 0), (C("1_5", 1, critical: true, key: "k"), 2));
        Assert.False(passed.CriticalFailed);
        Assert.Equal(12.5, passed.Score);
        Assert.False(Score((C("yes_no", 1, key: "a"), 1), (C("yes_no", 1, critical: true, key: "k"), null)).CriticalFailed);
    }

    [Fact]
    public void Scores_have_one_decimal_with_halves_rounded_away_from_zero()
    {
        // 100 × 1/3 = 33.33… → 33.3; 100 × 2/3 = 66.66… → 66.7
        Assert.Equal(33.3, Score((C("yes_no", key: "a"), 1), (C("yes_no", key: "b"), 0), (C("yes_no", key: "c"), 0)).Score);
        Assert.Equal(66.7, Score((C("yes_no", key: "a"), 1), (C("yes_no", key: "b"), 1), (C("yes_no", key: "c"), 0)).Score);
        // 100 × (1 × 1 + 7 × 0) / 8 = 12.5 exactly; 100 × 1/16 = 6.25 → 6.3 (away from zero, not to even)
        Assert.Equal(6.3, Score((C("yes_no", 1, key: "a"), 1), (C("yes_no", 15, key: "b"), 0)).Score);
        Assert.Equal(0.1, ReviewScore.Round(0.05));
        Assert.Equal(83.3, ReviewScore.Mean([80, 85, 85]));
    }

    [Theory]
    [InlineData("yes_no", 2, false)]
    [InlineData("yes_no", 0.5, false)]
    [InlineData("1_3", 0, false)]
    [InlineData("1_5", 6, false)]
    [InlineData("0_10", -1, false)]
    [InlineData("0_10", 10, true)]
    [InlineData("1_3", 3, true)]
    public void Scales_allow_only_their_whole_steps(string scale, double value, bool allowed) =>
        Assert.Equal(allowed, Scale.Find(scale)!.Allows(value));
}

public sealed class BonusRuleTests
{
    [Theory]
    [InlineData(100, 0, 100)]
    [InlineData(90, 0, 100)]
    [InlineData(89.96, 0, 100)]
    [InlineData(89.9, 0, 50)]
    [InlineData(80, 0, 50)]
    [InlineData(79.9, 0, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(99, 1, 0)]
    [InlineData(85, 3, 0)]
    public void Default_bands_and_a_critical_fail_decide_the_bonus(double score, int criticalFails, int percent) =>
        Assert.Equal(percent, BonusRule.Default.Apply(score, criticalFails).Percent);

    [Fact]
    public void The_reason_says_why_in_the_reader_language()
    {
        using var _ = new CultureScope("pl");
        Assert.Contains("krytyczne", BonusRule.Default.Apply(95, 1).Reason, StringComparison.Ordinal);
        Assert.Contains("90", BonusRule.Default.Apply(95, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("80", BonusRule.Default.Apply(50, 0).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_orders_its_bands_from_the_highest()
    {
        var rule = new BonusRule([new BonusRule.Band(50, 10), new BonusRule.Band(95, 120)]);
        Assert.Equal(120, rule.Apply(96, 0).Percent);
        Assert.Equal(10, rule.Apply(60, 0).Percent);
        Assert.Equal(0, rule.Apply(40, 0).Percent);
    }

    [Theory]
    [InlineData(0.0, 86, 100, 86, 50)]
    [InlineData(0.3, 86, 100, 90.2, 100)]
    [InlineData(0.3, 86, 50, 75.2, 0)]
    [InlineData(1.0, 70, 95, 95, 100)]
    [InlineData(1.0, 95, 70, 70, 0)]
    public void The_sla_weight_blends_compliance_into_the_score_used(double weight, double qa, double sla, double used, int percent)
    {
        var outcome = BonusRule.Default.WithSlaWeight(weight).Apply(qa, sla, 0);
        Assert.Equal(used, outcome.Score);
        Assert.Equal(percent, outcome.Percent);
    }

    [Fact]
    public void Without_sla_measured_conversations_the_qa_score_stands_alone_and_the_reason_says_so()
    {
        using var _ = new CultureScope("pl");
        var outcome = BonusRule.Default.WithSlaWeight(0.3).Apply(86, null, 0);
        Assert.Equal(86, outcome.Score);
        Assert.Equal(50, outcome.Percent);
        Assert.Contains("tylko ocena QA", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("waga SLA 30", BonusRule.Default.WithSlaWeight(0.3).Apply(86, 100, 0).Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("SLA", BonusRule.Default.Apply(86, 100, 0).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_critical_fail_still_gives_nothing_whatever_the_sla()
    {
        var outcome = BonusRule.Default.WithSlaWeight(0.3).Apply(100, 100, 1);
        Assert.Equal(0, outcome.Percent);
        Assert.Equal(100, outcome.Score);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_weight_outside_zero_to_one_is_refused(double weight)
    {
        Assert.False(BonusRule.ValidWeight(weight));
        Assert.Throws<ArgumentOutOfRangeException>(() => BonusRule.Default.WithSlaWeight(weight));
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly System.Globalization.CultureInfo _ui = System.Globalization.CultureInfo.CurrentUICulture;

        public CultureScope(string name) => System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(name);

        public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = _ui;
    }
}
