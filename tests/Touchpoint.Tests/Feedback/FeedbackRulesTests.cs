using Touchpoint.Features.Feedback;

namespace Touchpoint.Tests.Feedback;

public sealed class FeedbackRulesTests
{
    [Fact]
    public void Nps_counts_passives_in_the_denominator()
    {
        // 5 promoters, 3 passives, 2 detractors: 50 % − 20 % = +30.
        var s = FeedbackScores.Nps([10, 9, 9, 10, 9, 8, 7, 7, 6, 0]);
        Assert.Equal(30.0, s.Nps);
        Assert.Equal((10, 5, 3, 2), (s.Responses, s.Promoters, s.Passives, s.Detractors));
        // variance = p + d − (p − d)² = 0.5 + 0.2 − 0.09 = 0.61; MoE = 1.96·√(0.61/10)·100 = 48.4
        Assert.Equal(48.4, s.MarginOfError);
    }

    [Theory]
    [InlineData(6, false, true)]
    [InlineData(7, false, false)]
    [InlineData(8, false, false)]
    [InlineData(9, true, false)]
    [InlineData(0, false, true)]
    [InlineData(10, true, false)]
    public void Nps_bands_at_their_edges(int value, bool promoter, bool detractor)
    {
        Assert.Equal(promoter, FeedbackScores.IsPromoter(value));
        Assert.Equal(detractor, FeedbackScores.IsDetractor(value));
        Assert.Equal(!promoter && !detractor, FeedbackScores.IsPassive(value));
    }

    [Fact]
    public void Nps_ranges_from_minus_100_to_plus_100_with_no_margin_when_everyone_agrees()
    {
        var all = FeedbackScores.Nps(10, 0, 0);
        Assert.Equal(100.0, all.Nps);
        Assert.Equal(0.0, all.MarginOfError);
        var none = FeedbackScores.Nps(0, 0, 4);
        Assert.Equal(-100.0, none.Nps);
        Assert.Equal(0.0, none.MarginOfError);
        var passives = FeedbackScores.Nps(0, 3, 0);
        Assert.Equal(0.0, passives.Nps);
        Assert.Equal(0.0, passives.MarginOfError);
    }

    [Fact]
    public void Nps_without_answers_is_no_number_not_zero()
    {
        var s = FeedbackScores.Nps([]);
        Assert.Null(s.Nps);
        Assert.Null(s.MarginOfError);
        Assert.Equal(0, s.Responses);
    }

    [Fact]
    public void Nps_margin_shrinks_with_the_square_root_of_the_answers()
    {
        var small = FeedbackScores.Nps(50, 30, 20);
        var large = FeedbackScores.Nps(5000, 3000, 2000);
        Assert.Equal(30.0, small.Nps);
        Assert.Equal(30.0, large.Nps);
        // √(0.61/100)·1.96 = 15.3 points; a hundred times the answers: a tenth of it.
        Assert.Equal(15.3, small.MarginOfError);
        Assert.Equal(1.5, large.MarginOfError);
    }

    [Fact]
    public void Nps_rounds_to_one_decimal_and_refuses_values_out_of_scale()
    {
        Assert.Equal(33.3, FeedbackScores.Nps(1, 2, 0).Nps);
        Assert.Equal(-33.3, FeedbackScores.Nps(0, 2, 1).Nps);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackScores.Nps([11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackScores.Nps([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackScores.Nps(-1, 0, 0));
    }

    [Fact]
    public void Csat_is_the_share_of_four_and_five_with_one_decimal()
    {
        var s = FeedbackScores.Csat([5, 4, 3, 2, 1, 5]);
        Assert.Equal(50.0, s.Csat);
        Assert.Equal((6, 3), (s.Responses, s.Satisfied));
        Assert.Equal(66.7, FeedbackScores.Csat([5, 4, 3]).Csat);
        Assert.Equal(0.0, FeedbackScores.Csat([3, 3]).Csat);
        Assert.Equal(100.0, FeedbackScores.Csat([4]).Csat);
        Assert.Null(FeedbackScores.Csat([]).Csat);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackScores.Csat([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackScores.Csat([6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackScores.Csat(3, 2));
    }

    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly FeedbackOptions Defaults = new();

    private static string? Decide(SurveyKind kind, DateTime since, DateTime? lastAny = null, DateTime? lastNps = null, bool open = false) =>
        SurveyFrequency.Decide(kind, Now, new SurveyHistory(since, lastAny ?? lastNps, lastNps, open), Defaults);

    [Fact]
    public void Quiet_days_hold_back_every_kind_up_to_the_last_moment()
    {
        var since = Now.AddYears(-3);
        Assert.Equal(SkipReasons.QuietDays, Decide(SurveyKind.Csat, since, lastAny: Now.AddDays(-7).AddSeconds(1)));
        Assert.Equal(SkipReasons.QuietDays, Decide(SurveyKind.Nps, since, lastAny: Now.AddDays(-1)));
        Assert.Null(Decide(SurveyKind.Csat, since, lastAny: Now.AddDays(-7)));
        Assert.Null(Decide(SurveyKind.Csat, since));
    }

    [Fact]
    public void A_customer_of_more_than_a_year_and_a_half_is_asked_for_NPS_once_a_year()
    {
        var loyal = Now.AddMonths(-18).AddDays(-1);
        Assert.Equal(SkipReasons.Frequency, Decide(SurveyKind.Nps, loyal, lastNps: Now.AddMonths(-11)));
        Assert.Equal(SkipReasons.Frequency, Decide(SurveyKind.Nps, loyal, lastNps: Now.AddYears(-1).AddSeconds(1)));
        Assert.Null(Decide(SurveyKind.Nps, loyal, lastNps: Now.AddYears(-1)));
    }

    [Fact]
    public void Other_customers_are_asked_for_NPS_once_every_six_months()
    {
        var young = Now.AddMonths(-18).AddDays(1);
        Assert.Equal(SkipReasons.Frequency, Decide(SurveyKind.Nps, young, lastNps: Now.AddMonths(-6).AddSeconds(1)));
        Assert.Null(Decide(SurveyKind.Nps, young, lastNps: Now.AddMonths(-6)));
        Assert.Null(Decide(SurveyKind.Nps, young, lastNps: Now.AddMonths(-7)));
        // Exactly 18 months is not "more than" 1.5 years: the six-month rule.
        Assert.Null(Decide(SurveyKind.Nps, Now.AddMonths(-18), lastNps: Now.AddMonths(-6)));
        Assert.Null(Decide(SurveyKind.Nps, young));
    }

    [Fact]
    public void No_NPS_while_a_conversation_is_open_but_CSAT_is_not_held_by_it()
    {
        Assert.Equal(SkipReasons.OpenConversation, Decide(SurveyKind.Nps, Now.AddYears(-1), open: true));
        Assert.Null(Decide(SurveyKind.Csat, Now.AddYears(-1), open: true));
    }

    [Fact]
    public void A_CSAT_survey_does_not_count_towards_the_NPS_frequency_after_the_quiet_days()
    {
        Assert.Null(Decide(SurveyKind.Nps, Now.AddMonths(-3), lastAny: Now.AddDays(-8), lastNps: null));
    }

    [Fact]
    public void Options_validate()
    {
        Assert.True(new FeedbackOptions().IsValid());
        Assert.False(new FeedbackOptions { MaxPerHour = 0 }.IsValid());
        Assert.False(new FeedbackOptions { QuietDays = -1 }.IsValid());
        Assert.False(new FeedbackOptions { AnswerWindow = TimeSpan.FromMinutes(5) }.IsValid());
    }
}
