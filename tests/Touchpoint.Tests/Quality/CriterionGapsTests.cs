using Touchpoint.Features.Quality;

namespace Touchpoint.Tests.Quality;

public sealed class CriterionGapsTests
{
    private static CriterionGaps.Answer A(string criterion, double? normalised, string card = "support") => new(card, criterion, normalised);

    [Fact]
    public void An_answer_passes_at_eight_tenths_and_NA_is_left_out()
    {
        Assert.True(CriterionGaps.Passes(0.8));
        Assert.True(CriterionGaps.Passes(0.75 + 0.05));
        Assert.False(CriterionGaps.Passes(0.75));
        var ranked = CriterionGaps.Rank([A("tone", 0.8), A("tone", 0.7), A("tone", null), A("tone", 1), A("greets", null)]);
        var tone = Assert.Single(ranked);
        Assert.Equal(("tone", 3, 2, 0.667), (tone.Criterion, tone.Answers, tone.Passes, tone.PassRate));
    }

    [Fact]
    public void The_weakest_are_the_three_lowest_pass_rates_never_a_criterion_always_passed()
    {
        var answers = new[]
        {
            A("greets", 1), A("greets", 1),
            A("tone", 0.5), A("tone", 0.9),
            A("procedure", 0), A("procedure", 0.25), A("procedure", 1),
            A("solution", 0), A("solution", 0),
            A("empathy", 0.5), A("empathy", 1), A("empathy", 1), A("empathy", 1),
            A("tone", 0, card: "sales"),
        };
        var ranked = CriterionGaps.Rank(answers);
        Assert.Equal(["support/solution", "sales/tone", "support/procedure", "support/tone", "support/empathy", "support/greets"],
            ranked.Select(t => $"{t.Scorecard}/{t.Criterion}"));
        Assert.Equal(["support/solution", "sales/tone", "support/procedure"], CriterionGaps.Weakest(answers).Select(t => $"{t.Scorecard}/{t.Criterion}"));
        Assert.Empty(CriterionGaps.Weakest([A("greets", 1), A("greets", 0.8)]));
    }

    [Fact]
    public void Improvement_compares_the_next_periods_pass_rate()
    {
        var now = new CriterionGaps.Tally("support", "tone", 4, 1);
        Assert.True(CriterionGaps.Improved(now, new("support", "tone", 2, 1)));
        Assert.False(CriterionGaps.Improved(now, new("support", "tone", 4, 1)));
        Assert.False(CriterionGaps.Improved(now, new("support", "tone", 5, 0)));
        Assert.Null(CriterionGaps.Improved(now, null));
    }
}
