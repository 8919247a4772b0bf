using Touchpoint.Features.Reporting;

namespace Touchpoint.Tests.Reporting;

public sealed class RepeatContactRuleTests
{
    private static readonly RepeatContactRule Rule = new(TimeSpan.FromDays(7));
    private static readonly Guid Anna = Guid.NewGuid();
    private static readonly Guid Order1 = Guid.NewGuid();
    private static readonly Guid Order2 = Guid.NewGuid();
    private static readonly DateTime Resolved = new(2027, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private static ResolvedContact Earlier(string topic = "delivery", Guid? customer = null, DateTime? at = null, long number = 1042, params Guid[] orders) =>
        new(Guid.NewGuid(), number, customer ?? Anna, topic, at ?? Resolved, orders);

    private static NewContact Later(TimeSpan after, string topic = "delivery", Guid? customer = null, params Guid[] orders) =>
        new(Guid.NewGuid(), customer ?? Anna, topic, Resolved + after, orders);

    [Fact]
    public void The_same_order_within_the_window_is_a_repeat_whatever_the_topic()
    {
        Assert.Equal(RepeatReasons.Order, Rule.Reason(Earlier("delivery", orders: Order1), Later(TimeSpan.FromDays(2), "returns", orders: [Order2, Order1])));
    }

    [Fact]
    public void Different_orders_are_not_a_repeat_even_on_the_same_topic()
    {
        Assert.Null(Rule.Reason(Earlier("delivery", orders: Order1), Later(TimeSpan.FromDays(2), "delivery", orders: Order2)));
    }

    [Fact]
    public void Without_an_order_the_same_topic_is_a_repeat_and_another_topic_is_not()
    {
        Assert.Equal(RepeatReasons.Topic, Rule.Reason(Earlier("delivery"), Later(TimeSpan.FromHours(3), "delivery")));
        Assert.Null(Rule.Reason(Earlier("delivery"), Later(TimeSpan.FromHours(3), "payment")));
        // One side names an order, the other does not: the topic decides.
        Assert.Equal(RepeatReasons.Topic, Rule.Reason(Earlier("delivery", orders: Order1), Later(TimeSpan.FromHours(3), "delivery")));
    }

    [Fact]
    public void The_window_end_is_inclusive_and_a_moment_later_is_outside()
    {
        Assert.Equal(RepeatReasons.Topic, Rule.Reason(Earlier(), Later(TimeSpan.FromDays(7))));
        Assert.Null(Rule.Reason(Earlier(), Later(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1))));
        Assert.Equal(RepeatReasons.Topic, Rule.Reason(Earlier(), Later(TimeSpan.Zero)));
        // A contact that came before the resolve is not a repeat of it.
        Assert.Null(Rule.Reason(Earlier(), Later(TimeSpan.FromSeconds(-1))));
    }

    [Fact]
    public void Another_customer_never_repeats_and_the_channel_does_not_matter()
    {
        Assert.Null(Rule.Reason(Earlier(orders: Order1), Later(TimeSpan.FromDays(1), customer: Guid.NewGuid(), orders: Order1)));
        // The rule has no channel: a phone call after an email about the same order is the same as another email.
        Assert.Equal(RepeatReasons.Order, Rule.Reason(Earlier(orders: Order1), Later(TimeSpan.FromDays(1), orders: Order1)));
    }

    [Fact]
    public void A_later_contact_repeats_the_latest_resolved_earlier_one_that_matches()
    {
        var older = Earlier("delivery", at: Resolved.AddDays(-3), number: 1, orders: Order1);
        var newer = Earlier("delivery", at: Resolved.AddDays(-1), number: 2, orders: Order1);
        var unrelated = Earlier("payment", at: Resolved, number: 3, orders: Order2);
        var match = Rule.Match(Later(TimeSpan.FromHours(1), orders: Order1), [older, unrelated, newer]);
        Assert.NotNull(match);
        Assert.Equal(2, match.Earlier.Number);
        Assert.Equal(RepeatReasons.Order, match.Reason);
        Assert.Null(Rule.Match(Later(TimeSpan.FromHours(1), "complaints"), [older, newer]));
    }

    [Fact]
    public void A_reopen_within_the_window_fails_it()
    {
        Assert.True(Rule.ReopenFails(Resolved, Resolved.AddDays(6)));
        Assert.True(Rule.ReopenFails(Resolved, Resolved.AddDays(7)));
        Assert.False(Rule.ReopenFails(Resolved, Resolved.AddDays(7).AddTicks(1)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void One_touch_is_exactly_one_public_reply(int replies, bool oneTouch) => Assert.Equal(oneTouch, RepeatContactRule.OneTouch(replies));

    [Fact]
    public void Rates_are_percentages_with_one_decimal_and_null_when_nothing_was_resolved()
    {
        Assert.Equal((66.7, 33.3), RepeatContactRule.Rates(3, 1, 1));
        Assert.Equal((100.0, 0.0), RepeatContactRule.Rates(2, 0, 0));
        Assert.Equal(((double?)null, (double?)null), RepeatContactRule.Rates(0, 0, 0));
    }

    [Fact]
    public void Days_are_store_days_and_a_day_is_final_when_its_window_and_the_late_hour_have_passed()
    {
        var warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        // 22:59:59 UTC on 2 March is 23:59:59 in Warsaw (UTC+1); a second later it is 3 March there.
        Assert.Equal(new DateOnly(2027, 3, 2), FcrReport.DayOf(new DateTime(2027, 3, 2, 22, 59, 59, DateTimeKind.Utc), warsaw));
        Assert.Equal(new DateOnly(2027, 3, 3), FcrReport.DayOf(new DateTime(2027, 3, 2, 23, 0, 0, DateTimeKind.Utc), warsaw));
        // Summer time (UTC+2): 22:00 UTC on 1 July is already 2 July.
        Assert.Equal(new DateOnly(2027, 7, 2), FcrReport.DayOf(new DateTime(2027, 7, 1, 22, 0, 0, DateTimeKind.Utc), warsaw));
        // 2 March (Warsaw) ends 23:00 UTC; its window ends 7 days later at 23:00 UTC on 9 March, plus the late hour → 00:00 UTC 10 March.
        Assert.Equal(new DateOnly(2027, 3, 1), Rule.LastFinalDay(new DateTime(2027, 3, 9, 23, 59, 59, DateTimeKind.Utc), warsaw));
        Assert.Equal(new DateOnly(2027, 3, 2), Rule.LastFinalDay(new DateTime(2027, 3, 10, 0, 0, 0, DateTimeKind.Utc), warsaw));
    }
}
