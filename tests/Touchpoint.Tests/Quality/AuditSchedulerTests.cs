using Touchpoint.Features.Quality;

namespace Touchpoint.Tests.Quality;

/// <summary>The spread of a month's audit tasks: inside the month, even, per employee, rotated, round-robin, the same for the same seed.</summary>
public sealed class AuditSchedulerTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly AuditScheduler.Person[] Auditors = [new("a1", "ola@shop.test"), new("a2", "piotr@shop.test")];
    private static readonly AuditScheduler.Person[] Employees = [new("e1", "anna@shop.test"), new("e2", "bartek@shop.test"), new("e3", "celina@shop.test")];
    private static readonly string[] Scenarios = ["returns", "sizes", "delivery"];

    private static IReadOnlyList<AuditScheduler.Slot> Schedule(int seed, int perMonth = 4, string per = AuditQuotaPer.Employee, int month = 2) =>
        AuditScheduler.Schedule(2027, month, Warsaw, seed, perMonth, per, Scenarios, Auditors, Employees);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(123456, 3)]
    [InlineData(42, 10)]
    public void Due_dates_fall_inside_the_month_in_the_store_zone(int seed, int month)
    {
        var (start, end) = AuditScheduler.Bounds(2027, month, Warsaw);
        var slots = AuditScheduler.Schedule(2027, month, Warsaw, seed, 31, AuditQuotaPer.Employee, Scenarios, Auditors, Employees);
        Assert.Equal(93, slots.Count);
        Assert.All(slots, s => Assert.InRange(s.DueAt, start, end.AddTicks(-1)));
        Assert.All(slots, s => Assert.Equal(AuditScheduler.DueHour, TimeZoneInfo.ConvertTimeFromUtc(s.DueAt, Warsaw).Hour));
        Assert.Equal(Enumerable.Range(0, 93), slots.Select(s => s.Index));
    }

    [Fact]
    public void Each_employee_gets_the_quota_evenly_spaced()
    {
        var slots = Schedule(99, perMonth: 4);
        Assert.Equal(12, slots.Count);
        foreach (var employee in Employees)
        {
            var days = slots.Where(s => s.Employee == employee).Select(s => TimeZoneInfo.ConvertTimeFromUtc(s.DueAt, Warsaw).Day).ToList();
            Assert.Equal(4, days.Count);
            // 28 days / 4: a week apart (give or take the flooring of the offset).
            var gaps = days.Zip(days.Skip(1), (a, b) => b - a).ToList();
            Assert.All(gaps, g => Assert.InRange(g, 6, 8));
        }
    }

    [Fact]
    public void A_touchpoint_quota_has_no_employee_and_its_count()
    {
        var slots = Schedule(5, perMonth: 6, per: AuditQuotaPer.Touchpoint);
        Assert.Equal(6, slots.Count);
        Assert.All(slots, s => Assert.Null(s.Employee));
        Assert.Equal(slots.OrderBy(s => s.DueAt).Select(s => s.Index), slots.Select(s => s.Index));
    }

    [Fact]
    public void Scenarios_rotate_and_auditors_take_turns()
    {
        var slots = Schedule(17, perMonth: 3);
        foreach (var employee in Employees)
        {
            // Three audits of three scenarios: each scenario once per employee.
            Assert.Equal(Scenarios.Order(), slots.Where(s => s.Employee == employee).Select(s => s.Scenario).Order());
        }
        for (var i = 1; i < slots.Count; i++)
        {
            Assert.NotEqual(slots[i - 1].Auditor, slots[i].Auditor);
        }
        Assert.InRange(slots.Count(s => s.Auditor == Auditors[0]), slots.Count / 2, slots.Count / 2 + 1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var one = Schedule(2024);
        var two = Schedule(2024);
        Assert.Equal(one, two);
        var others = Enumerable.Range(1, 5).Select(s => Schedule(2024 + s)).ToList();
        Assert.Contains(others, o => !o.Select(x => (x.DueAt, x.Scenario, x.Auditor)).SequenceEqual(one.Select(x => (x.DueAt, x.Scenario, x.Auditor))));
        Assert.Equal(AuditScheduler.SeedFor(77, 2027, 2), AuditScheduler.SeedFor(77, 2027, 2));
        Assert.NotEqual(AuditScheduler.SeedFor(77, 2027, 2), AuditScheduler.SeedFor(77, 2027, 3));
    }

    [Fact]
    public void Nothing_is_scheduled_without_auditors_scenarios_or_employees_for_a_per_employee_quota()
    {
        Assert.Empty(AuditScheduler.Schedule(2027, 2, Warsaw, 1, 3, AuditQuotaPer.Employee, Scenarios, Auditors, []));
        Assert.Empty(AuditScheduler.Schedule(2027, 2, Warsaw, 1, 3, AuditQuotaPer.Touchpoint, Scenarios, [], Employees));
        Assert.Empty(AuditScheduler.Schedule(2027, 2, Warsaw, 1, 3, AuditQuotaPer.Touchpoint, [], Auditors, Employees));
        Assert.True(AuditScheduler.TryParseMonth("2027-02", out var y, out var m) && y == 2027 && m == 2);
        Assert.False(AuditScheduler.TryParseMonth("2027-13", out _, out _));
        Assert.False(AuditScheduler.TryParseMonth("02/2027", out _, out _));
    }

    [Fact]
    public void Magic_bytes_decide_the_image_type()
    {
        Assert.Equal("image/png", AddAuditEvidence.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])?.ContentType);
        Assert.Equal("image/jpeg", AddAuditEvidence.Sniff([0xFF, 0xD8, 0xFF, 0xDB])?.ContentType);
        Assert.Equal("image/webp", AddAuditEvidence.Sniff("RIFF\0\0\0\0WEBPVP8 "u8)?.ContentType);
        Assert.Null(AddAuditEvidence.Sniff("GIF89a"u8));
        Assert.Null(AddAuditEvidence.Sniff("<svg xmlns"u8));
        Assert.Null(AddAuditEvidence.Sniff("RIFF\0\0\0\0WAVE"u8));
        Assert.Null(AddAuditEvidence.Sniff([]));
    }
}
