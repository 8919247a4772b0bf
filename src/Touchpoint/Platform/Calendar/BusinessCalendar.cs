namespace Touchpoint.Platform.Calendar;

/// <summary>An opening period of one weekday in local time; <see cref="To"/> may be 24:00 (end of the day).</summary>
public sealed record OpeningPeriod(TimeSpan From, TimeSpan To)
{
    public static OpeningPeriod Parse(string from, string to) =>
        new(TimeSpan.Parse(from, System.Globalization.CultureInfo.InvariantCulture), to == "24:00" ? TimeSpan.FromHours(24) : TimeSpan.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

    public bool IsValid => From >= TimeSpan.Zero && To <= TimeSpan.FromHours(24) && From < To;
}

/// <summary>
/// Business time in a store's time zone: several opening periods a day (a lunch break is the gap between two),
/// holidays, and DST handled by converting each local period boundary to UTC — a period that spans a clock change is
/// as long as the time that really passes (one hour shorter in spring, longer in autumn). All inputs and outputs are UTC.
/// </summary>
public sealed class BusinessCalendar
{
    private const int MaxDays = 3660;
    private readonly IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> _week;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(string timeZoneId, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> week, IEnumerable<DateOnly>? holidays = null)
    {
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        foreach (var (day, periods) in week)
        {
            if (periods.Any(p => !p.IsValid))
            {
                throw new ArgumentException($"An opening period on {day} is not a valid span within the day.", nameof(week));
            }
            var ordered = periods.OrderBy(p => p.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].From < ordered[i - 1].To)
                {
                    throw new ArgumentException($"Opening periods on {day} overlap.", nameof(week));
                }
            }
        }
        _week = week.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<OpeningPeriod>)kv.Value.OrderBy(p => p.From).ToList());
        _holidays = [.. holidays ?? []];
        if (_week.Values.All(p => p.Count == 0))
        {
            throw new ArgumentException("The calendar has no opening hours.", nameof(week));
        }
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Calendar time: every hour counts.</summary>
    public static BusinessCalendar AlwaysOpen(string timeZoneId = "UTC") =>
        new(timeZoneId, Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<OpeningPeriod>)[new OpeningPeriod(TimeSpan.Zero, TimeSpan.FromHours(24))]));

    /// <summary>The moment <paramref name="duration"/> of business time after <paramref name="startUtc"/>.</summary>
    public DateTime Add(DateTime startUtc, TimeSpan duration)
    {
        startUtc = Utc(startUtc);
        if (duration <= TimeSpan.Zero)
        {
            return startUtc;
        }
        var remaining = duration;
        foreach (var (from, to) in OpenIntervals(startUtc))
        {
            var begin = from < startUtc ? startUtc : from;
            var available = to - begin;
            if (remaining <= available)
            {
                return begin + remaining;
            }
            remaining -= available;
        }
        throw new InvalidOperationException("No business time within ten years.");
    }

    /// <summary>Business time that passes between two instants (zero when <paramref name="toUtc"/> is not later).</summary>
    public TimeSpan Between(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = Utc(fromUtc);
        toUtc = Utc(toUtc);
        var total = TimeSpan.Zero;
        if (toUtc <= fromUtc)
        {
            return total;
        }
        foreach (var (from, to) in OpenIntervals(fromUtc))
        {
            if (from >= toUtc)
            {
                break;
            }
            var begin = from < fromUtc ? fromUtc : from;
            var end = to > toUtc ? toUtc : to;
            if (end > begin)
            {
                total += end - begin;
            }
        }
        return total;
    }

    /// <summary>Whether the store is open at this instant.</summary>
    public bool IsOpen(DateTime utc)
    {
        utc = Utc(utc);
        var first = OpenIntervals(utc).First();
        return first.From <= utc && utc < first.To;
    }

    /// <summary>Open intervals in UTC, in order, from the local day of <paramref name="fromUtc"/> on (the first may end before it).</summary>
    public IEnumerable<(DateTime From, DateTime To)> OpenIntervals(DateTime fromUtc)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Utc(fromUtc), TimeZone)).AddDays(-1);
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(1))
        {
            if (_holidays.Contains(day) || !_week.TryGetValue(day.DayOfWeek, out var periods))
            {
                continue;
            }
            foreach (var p in periods)
            {
                var from = ToUtc(day.ToDateTime(TimeOnly.MinValue) + p.From);
                var to = ToUtc(day.ToDateTime(TimeOnly.MinValue) + p.To);
                if (to > from && to > fromUtc)
                {
                    yield return (from, to);
                }
            }
        }
    }

    /// <summary>A local wall-clock time to UTC: a time skipped by the spring change means the moment the clock jumps to;
    /// a time that happens twice in autumn means its first occurrence.</summary>
    private DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(local))
        {
            var probe = local;
            while (TimeZone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }
            // The first wall-clock minute after the gap: the moment the clock jumped to.
            return TimeZoneInfo.ConvertTimeToUtc(probe, TimeZone);
        }
        if (TimeZone.IsAmbiguousTime(local))
        {
            var offsets = TimeZone.GetAmbiguousTimeOffsets(local);
            return DateTime.SpecifyKind(local - offsets.Max(), DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, TimeZone);
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
