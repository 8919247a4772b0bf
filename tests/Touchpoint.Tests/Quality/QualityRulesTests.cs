using Touchpoint.Features.Quality;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Tests.Quality;

/// <summary>The default scorecard of a conversation, and a decision's rescoring of a review.</summary>
public sealed class QualityRulesTests
{
    [Theory]
    [InlineData("phone", "product_question", "sales")]
    [InlineData("chat", "product_question", "sales")]
    [InlineData("email", "product_question", "support")]
    [InlineData("phone", "returns", "support")]
    [InlineData("web", "other", "support")]
    public void A_call_or_chat_about_a_product_is_reviewed_as_sales_everything_else_as_support(string channel, string topic, string expected) =>
        Assert.Equal(expected, ScorecardChoice.For(channel, topic));

    private static Criterion C(string key, string scale, double weight = 1, bool critical = false, bool allowNa = false) => new()
    {
        Key = key, Section = "s", Text = LocalizedText.Of(key, key, key), Scale = scale, Weight = weight, Critical = critical, AllowNa = allowNa,
    };

    [Fact]
    public void Rescoring_changes_only_the_named_answers_and_recomputes_score_and_critical_fail()
    {
        Criterion[] criteria = [C("greets", "yes_no"), C("tone", "1_5", 2, allowNa: true), C("no_lies", "yes_no", critical: true)];
        var card = Scorecard.Create("t", 1, "support", LocalizedText.Of("t", "t", "t"), criteria, DateTime.UtcNow, "test");
        var review = Review.Record(card, 1, null, "u1", "a@shop.test", [(criteria[0], 0, null), (criteria[1], 3, "ok"), (criteria[2], 1, null)], null, DateTime.UtcNow, "test");
        // 100 × (0 + 2 × 0.5 + 1) / 4 = 50
        Assert.Equal(50, review.Score);

        var changed = review.Rescore(card, [(criteria[0], 1), (criteria[2], 1)]);
        Assert.Equal([("greets", (double?)0, (double?)1)], changed);
        Assert.Equal(75, review.Score);
        Assert.Equal("ok", review.Answers.Single(a => a.Criterion == "tone").Comment);

        // N/A leaves tone out: 100 × (1 + 1) / 2 = 100; then the critical criterion at its minimum makes it 0.
        review.Rescore(card, [(criteria[1], null)]);
        Assert.Equal(100, review.Score);
        Assert.Null(review.Answers.Single(a => a.Criterion == "tone").Normalised);
        review.Rescore(card, [(criteria[2], 0)]);
        Assert.Equal(0, review.Score);
        Assert.True(review.CriticalFailed);
    }
}
