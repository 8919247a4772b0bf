using System.Globalization;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Spreads a plan's month of audits (pure, deterministic): each group — the touchpoint, or each employee of a
/// per-employee plan — gets its quota on evenly spaced days of the month (one seeded offset a group, so employees' audits
/// do not all fall on the same days), due at <see cref="DueHour"/> in the store's time zone; scenarios are rotated within
/// a group (a seeded start, shifted per group) and the month's tasks, in due order, go round-robin to the auditors.
/// The same seed, month and people give the same schedule.
/// </summary>
public static class AuditScheduler
{
    /// <summary>A task is due at the end of the store's working day.</summary>
    public const int DueHour = 18;

    public sealed record Person(string Id, string Email);

    public sealed record Slot(int Index, DateTime DueAt, string Scenario, Person Auditor, Person? Employee);

    /// <summary>A month's seed from the plan's stored seed: another month, another spread.</summary>
    public static int SeedFor(int planSeed, int year, int month) => (int)(Mix((ulong)(uint)planSeed << 20 ^ (ulong)(year * 12 + month)) & int.MaxValue);

    /// <summary>The month's bounds in UTC, from midnight of its first day to midnight of the next month's, store time.</summary>
    public static (DateTime Start, DateTime End) Bounds(int year, int month, TimeZoneInfo zone)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return (TimeZoneInfo.ConvertTimeToUtc(first, zone), TimeZoneInfo.ConvertTimeToUtc(first.AddMonths(1), zone));
    }

    /// <summary>The month (YYYY-MM) containing <paramref name="utc"/> in the store's time zone.</summary>
    public static (int Year, int Month) MonthOf(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return (local.Year, local.Month);
    }

    public static string Label(int year, int month) => $"{year:D4}-{month:D2}";

    public static bool TryParseMonth(string? value, out int year, out int month)
    {
        year = month = 0;
        if (value is null || !DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || parsed.Year is < 2000 or > 2200)
        {
            return false;
        }
        (year, month) = (parsed.Year, parsed.Month);
        return true;
    }

    public static IReadOnlyList<Slot> Schedule(int year, int month, TimeZoneInfo zone, int seed, int perMonth, string per,
        IReadOnlyList<string> scenarios, IReadOnlyList<Person> auditors, IReadOnlyList<Person> employees)
    {
        if (perMonth <= 0 || scenarios.Count == 0 || auditors.Count == 0 || (per == AuditQuotaPer.Employee && employees.Count == 0))
        {
            return [];
        }
        var random = new SplitMix((ulong)(uint)seed);
        var days = DateTime.DaysInMonth(year, month);
        var width = days / (double)perMonth;
        var scenarioStart = random.Next(scenarios.Count);
        IReadOnlyList<Person?> groups = per == AuditQuotaPer.Employee ? [.. employees] : [null];
        var drafts = new List<(DateTime DueAt, int Group, int K, string Scenario, Person? Employee)>();
        for (var g = 0; g < groups.Count; g++)
        {
            var offset = random.NextDouble() * width;
            for (var k = 0; k < perMonth; k++)
            {
                var day = Math.Min(days - 1, (int)Math.Floor(offset + k * width));
                var local = new DateTime(year, month, day + 1, DueHour, 0, 0, DateTimeKind.Unspecified);
                drafts.Add((TimeZoneInfo.ConvertTimeToUtc(local, zone), g, k, scenarios[(scenarioStart + g + k) % scenarios.Count], groups[g]));
            }
        }
        var auditorStart = random.Next(auditors.Count);
        return [.. drafts.OrderBy(d => d.DueAt).ThenBy(d => d.Group).ThenBy(d => d.K)
            .Select((d, i) => new Slot(i, d.DueAt, d.Scenario, auditors[(auditorStart + i) % auditors.Count], d.Employee))];
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>SplitMix64: a tiny generator whose sequence is fixed by its seed on every runtime.</summary>
    private sealed class SplitMix(ulong state)
    {
        private ulong _state = state;

        private ulong NextRaw()
        {
            _state += 0x9E3779B97F4A7C15UL;
            return Mix(_state);
        }

        public double NextDouble() => (NextRaw() >> 11) * (1.0 / (1UL << 53));

        public int Next(int bound) => (int)(NextRaw() % (ulong)bound);
    }
}
