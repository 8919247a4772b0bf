using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Quality;

namespace Touchpoint.Tests.Quality;

/// <summary>The sales scorecard's SPIN criteria start answered from the agent's ticks.</summary>
public sealed class ScriptCoverageTests
{
    private static ScriptCoverageResponse Coverage(params string[] covered) => new(1, "product_question", true,
        [.. SpinGroups.All.Select(g => new GroupCoverage(g, covered.Contains(g), covered.Contains(g) ? 1 : 0, []))], []);

    private static Scorecard Sales() => Scorecard.Create("sales", 1, QualityTouchpoints.Sales, QualityDefaults.Scorecards[0].Name, QualityDefaults.Scorecards[0].Criteria, DateTime.UtcNow, "test");

    [Fact]
    public void The_shipped_sales_scorecard_has_a_criterion_per_spin_group_that_may_be_not_applicable()
    {
        var card = Sales();
        foreach (var group in SpinGroups.All)
        {
            var criterion = card.Find(ScriptCoverage.CriterionKey(group));
            Assert.NotNull(criterion);
            Assert.True(criterion.AllowNa);
            Assert.False(criterion.Critical);
            Assert.NotEqual(criterion.Text.For("en"), criterion.Text.For("ru"));
            Assert.NotEqual(criterion.Text.For("en"), criterion.Text.For("pl"));
        }
    }

    [Fact]
    public void Covered_groups_suggest_yes_and_the_others_no()
    {
        var suggested = ScriptCoverage.Suggest(Sales(), Coverage(SpinGroups.Situation, SpinGroups.NeedPayoff));
        Assert.Equal(1, suggested["spin_situation"]);
        Assert.Equal(0, suggested["spin_problem"]);
        Assert.Equal(0, suggested["spin_implication"]);
        Assert.Equal(1, suggested["spin_need_payoff"]);
    }

    [Fact]
    public void A_scorecard_without_spin_criteria_gets_no_suggestion()
    {
        var support = QualityDefaults.Scorecards[1];
        var card = Scorecard.Create("support", 1, QualityTouchpoints.Support, support.Name, support.Criteria, DateTime.UtcNow, "test");
        Assert.Empty(ScriptCoverage.Suggest(card, Coverage(SpinGroups.All.ToArray())));
    }
}
