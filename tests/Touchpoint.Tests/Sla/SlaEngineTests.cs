using Touchpoint.Platform.Calendar;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Sla;

namespace Touchpoint.Tests.Sla;

public sealed class SlaEngineTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    private static DateTime At(int y, int mo, int d, int h, int mi = 0, int s = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Unspecified), Warsaw);

    private static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Warsaw);

    private static SlaSetup Setup(IReadOnlyList<PolicyDefinition>? policies = null, params DateOnly[] holidays)
    {
        var hours = SlaDefaults.BusinessHours("Europe/Warsaw") with { Holidays = holidays };
        return new SlaSetup(policies ?? SlaDefaults.Policies(), new Dictionary<string, BusinessCalendar> { [hours.Name] = hours.Build() }, [hours]);
    }

    private static PolicyDefinition Email(SlaSetup setup) => setup.Policy("Email and web form")!;

    [Fact]
    public void The_first_matching_policy_in_order_wins()
    {
        var vip = new PolicyDefinition("VIP", 5, true, new PolicyConditions { CustomerTags = ["vip"] },
            [new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 900 }]);
        var urgentEmail = new PolicyDefinition("Urgent email", 25, true, new PolicyConditions { Channels = ["email"], Priorities = ["urgent"] },
            [new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 1800 }]);
        var inactive = new PolicyDefinition("Old", 1, false, new PolicyConditions(), [new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 1 }]);
        var setup = Setup([.. new[] { inactive, vip, urgentEmail }.Concat(SlaDefaults.Policies()).OrderBy(p => p.Position)]);

        Assert.Equal("VIP", setup.Match(Channel.Email, "other", Priority.Urgent, ["vip"])!.Name);
        Assert.Equal("Urgent email", setup.Match(Channel.Email, "other", Priority.Urgent, [])!.Name);
        Assert.Equal("Email and web form", setup.Match(Channel.Email, "other", Priority.Normal, ["regular"])!.Name);
        Assert.Equal("Chat", setup.Match(Channel.Chat, "other", Priority.Urgent, [])!.Name);
        Assert.Equal("Callback", setup.Match(Channel.Callback, "other", Priority.Low, [])!.Name);
        Assert.Equal("Other channels", setup.Match(Channel.Phone, "other", Priority.Low, [])!.Name);
    }

    [Fact]
    public void Email_first_response_in_business_hours_skips_lunch()
    {
        var setup = Setup();
        // Monday 12:30 + 1 business hour: 30 min before lunch, 30 after → 14:30.
        var sla = SlaEngine.Start(Email(setup), At(2026, 11, 23, 12, 30), answered: false, paused: false);
        var (due, _) = SlaEngine.Schedule(sla, setup);
        Assert.Equal(new DateTime(2026, 11, 23, 14, 30, 0), Local(due!.Value));
        var first = sla.Targets.Single(t => t.Target == SlaTargets.FirstResponse);
        Assert.Equal(SlaTargetState.Running, first.State);
        // Warned 15 minutes of business time before: 14:15. Hard limit 24 business hours: three working days later.
        Assert.Equal(new DateTime(2026, 11, 23, 14, 15, 0), Local(first.WarnAt!.Value));
        Assert.Equal(new DateTime(2026, 11, 26, 12, 30, 0), Local(first.LimitAt!.Value));
        Assert.Equal(SlaTargetState.Idle, sla.Targets.Single(t => t.Target == SlaTargets.NextResponse).State);
    }

    [Fact]
    public void Friday_evening_mail_is_due_after_the_weekend_and_a_holiday()
    {
        var setup = Setup(null, new DateOnly(2026, 11, 30));
        var sla = SlaEngine.Start(Email(setup), At(2026, 11, 27, 17, 30), answered: false, paused: false);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 30, 0), Local(SlaEngine.Schedule(sla, setup).DueAt!.Value));
    }

    [Fact]
    public void Chat_counts_calendar_time_around_the_clock()
    {
        var setup = Setup();
        var sunday3am = At(2026, 11, 29, 3, 0);
        var sla = SlaEngine.Start(setup.Match(Channel.Chat, "other", Priority.Normal, [])!, sunday3am, answered: false, paused: false);
        Assert.Equal(sunday3am.AddSeconds(60), SlaEngine.Schedule(sla, setup).DueAt);
    }

    [Fact]
    public void Pending_pauses_the_clock_and_the_customer_resumes_it()
    {
        var setup = Setup();
        var sla = SlaEngine.Start(Email(setup), At(2026, 11, 23, 10, 0), answered: false, paused: false);
        // 20 business minutes pass, then the agent asks the customer for the order number (pending, no reply yet).
        SlaEngine.StatusChanged(sla, setup, ConversationStatus.New, ConversationStatus.Pending, At(2026, 11, 23, 10, 20));
        var (pausedDue, pausedCheck) = SlaEngine.Schedule(sla, setup);
        Assert.Null(pausedDue);
        Assert.Null(pausedCheck);
        Assert.All(sla.Targets.Where(t => t.Target != SlaTargets.NextResponse), t => Assert.Equal(SlaTargetState.Paused, t.State));
        // The customer answers on Tuesday at 09:00: 40 business minutes are left → 09:40.
        SlaEngine.StatusChanged(sla, setup, ConversationStatus.Pending, ConversationStatus.Open, At(2026, 11, 24, 9, 0));
        SlaEngine.CustomerWrote(sla, setup, At(2026, 11, 24, 9, 0));
        Assert.Equal(new DateTime(2026, 11, 24, 9, 40, 0), Local(SlaEngine.Schedule(sla, setup).DueAt!.Value));
        // First response is still owed, so the customer's message starts no next-response clock.
        Assert.Equal(SlaTargetState.Idle, sla.Targets.Single(t => t.Target == SlaTargets.NextResponse).State);

        var decisions = SlaEngine.Replied(sla, setup, At(2026, 11, 24, 9, 30));
        var d = Assert.Single(decisions);
        Assert.Equal(SlaTargets.FirstResponse, d.Target);
        Assert.True(d.Achieved);
        Assert.Equal(50 * 60, d.ActualSeconds);
    }

    [Fact]
    public void Each_customer_message_after_an_answer_starts_a_next_response_cycle()
    {
        var setup = Setup();
        var sla = SlaEngine.Start(Email(setup), At(2026, 11, 23, 10, 0), answered: false, paused: false);
        Assert.True(Assert.Single(SlaEngine.Replied(sla, setup, At(2026, 11, 23, 10, 30))).Achieved);
        SlaEngine.CustomerWrote(sla, setup, At(2026, 11, 23, 11, 0));
        SlaEngine.CustomerWrote(sla, setup, At(2026, 11, 23, 11, 5));
        var next = sla.Targets.Single(t => t.Target == SlaTargets.NextResponse);
        Assert.Equal((1, SlaTargetState.Running), (next.Cycle, next.State));
        // 4 business hours from 11:00 with lunch: 16:00.
        Assert.Equal(new DateTime(2026, 11, 23, 16, 0, 0), Local(next.DueAt ?? SlaEngine.Schedule(sla, setup).DueAt!.Value));
        // Answered late, next day: breached, with the business time it took (6 h Monday after lunch counted out, 1 h Tuesday).
        var late = Assert.Single(SlaEngine.Replied(sla, setup, At(2026, 11, 24, 10, 0)));
        Assert.False(late.Achieved);
        Assert.Equal(7 * 3600, late.ActualSeconds);
        SlaEngine.CustomerWrote(sla, setup, At(2026, 11, 24, 11, 0));
        Assert.Equal(2, next.Cycle);
        Assert.Equal(SlaTargetState.Running, next.State);
    }

    [Fact]
    public void Resolving_ends_resolution_and_a_reopen_starts_a_new_cycle()
    {
        var setup = Setup();
        var sla = SlaEngine.Start(Email(setup), At(2026, 11, 23, 10, 0), answered: false, paused: false);
        SlaEngine.Replied(sla, setup, At(2026, 11, 23, 10, 10));
        var decisions = SlaEngine.StatusChanged(sla, setup, ConversationStatus.Open, ConversationStatus.Resolved, At(2026, 11, 23, 15, 0));
        var resolution = Assert.Single(decisions);
        Assert.Equal((SlaTargets.Resolution, true, 4L * 3600), (resolution.Target, resolution.Achieved, resolution.ActualSeconds));
        SlaEngine.StatusChanged(sla, setup, ConversationStatus.Resolved, ConversationStatus.Open, At(2026, 11, 24, 9, 0));
        var t = sla.Targets.Single(x => x.Target == SlaTargets.Resolution);
        Assert.Equal((2, SlaTargetState.Running), (t.Cycle, t.State));
    }

    [Fact]
    public void Resolving_unanswered_before_the_goal_counts_nothing_but_after_it_is_a_breach()
    {
        var setup = Setup();
        var early = SlaEngine.Start(Email(setup), At(2026, 11, 23, 10, 0), answered: false, paused: false);
        var none = SlaEngine.StatusChanged(early, setup, ConversationStatus.New, ConversationStatus.Closed, At(2026, 11, 23, 10, 5));
        Assert.DoesNotContain(none, d => d.Target == SlaTargets.FirstResponse);
        Assert.Equal(SlaTargetState.Idle, early.Targets.Single(t => t.Target == SlaTargets.FirstResponse).State);

        var late = SlaEngine.Start(Email(setup), At(2026, 11, 23, 10, 0), answered: false, paused: false);
        var breach = SlaEngine.StatusChanged(late, setup, ConversationStatus.New, ConversationStatus.Closed, At(2026, 11, 23, 12, 0));
        Assert.False(breach.Single(d => d.Target == SlaTargets.FirstResponse).Achieved);
    }

    [Fact]
    public void A_new_policy_keeps_the_clock_and_applies_its_goals()
    {
        var setup = Setup();
        var sla = SlaEngine.Start(Email(setup), At(2026, 11, 23, 10, 0), answered: false, paused: false);
        var urgent = new PolicyDefinition("Urgent", 1, true, new PolicyConditions { Priorities = ["urgent"] },
            [new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 1800, Calendar = SlaDefaults.Calendar }]);
        var moved = SlaEngine.Repolicy(sla, urgent, At(2026, 11, 23, 10, 0), answered: false, paused: false);
        Assert.Equal("Urgent", moved.Policy);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 30, 0), Local(SlaEngine.Schedule(moved, setup).DueAt!.Value));
        Assert.Single(moved.Targets);
    }

    [Fact]
    public void Histogram_quantiles_stay_within_the_bucket_width()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (long)(i * 37)).ToList();
        var hist = new Dictionary<int, int>();
        foreach (var v in values)
        {
            var b = SlaHistogram.Bucket(v);
            hist[b] = hist.GetValueOrDefault(b) + 1;
        }
        var roundTrip = new Dictionary<int, int>();
        SlaHistogram.AddTo(roundTrip, SlaHistogram.Write(hist));
        Assert.Equal(hist, roundTrip);
        var exactMedian = SlaHistogram.Quantile(values, 0.5)!.Value;
        var exactP90 = SlaHistogram.Quantile(values, 0.9)!.Value;
        Assert.InRange(SlaHistogram.Quantile(roundTrip, 0.5)!.Value, exactMedian * 0.97, exactMedian * 1.03);
        Assert.InRange(SlaHistogram.Quantile(roundTrip, 0.9)!.Value, exactP90 * 0.97, exactP90 * 1.03);
        Assert.Equal(45, SlaHistogram.Value(SlaHistogram.Bucket(45)));
    }
}
