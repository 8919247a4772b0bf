namespace Touchpoint.Features.Quality;

/// <summary>
/// An employee's score over time, a pure rule: their reviews grouped by week (Monday first) or month in the store's time
/// zone, each period's mean score (one decimal) with its number of reviews, marked thin below <see cref="ThinBelow"/>
/// reviews, and the change against the period before (null when either has no reviews). Every period of the range is
/// there, the empty ones without a score.
/// </summary>
public static class ScoreTrend
{
    public const int ThinBelow = 3;

    public const string Week = "week";
    public const string Month = "month";

    public sealed record Point(DateOnly Start, double? Score, int Reviews, bool Thin, double? Change);

    /// <summary>The first day of the period holding <paramref name="day"/>.</summary>
    public static DateOnly StartOf(DateOnly day, string bucket) => bucket == Month
        ? new DateOnly(day.Year, day.Month, 1)
        : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly Next(DateOnly start, string bucket) => bucket == Month ? start.AddMonths(1) : start.AddDays(7);

    /// <summary>The <paramref name="count"/> periods ending with the one holding <paramref name="today"/>.</summary>
    public static DateOnly FirstOf(DateOnly today, string bucket, int count)
    {
        var last = StartOf(today, bucket);
        return bucket == Month ? last.AddMonths(-(count - 1)) : last.AddDays(-7 * (count - 1));
    }

    public static IReadOnlyList<Point> Compute(IEnumerable<(DateTime At, double Score)> reviews, TimeZoneInfo zone, string bucket, DateOnly from, DateOnly through)
    {
        var byStart = reviews
            .GroupBy(r => StartOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(r.At, DateTimeKind.Utc), zone)), bucket))
            .ToDictionary(g => g.Key, g => (Mean: g.Average(r => r.Score), Count: g.Count()));
        var points = new List<Point>();
        double? previous = null;
        for (var start = StartOf(from, bucket); start <= through; start = Next(start, bucket))
        {
            if (byStart.TryGetValue(start, out var p))
            {
                var score = ReviewScore.Round(p.Mean);
                points.Add(new Point(start, score, p.Count, p.Count < ThinBelow, previous is { } before ? ReviewScore.Round(score - before) : null));
                previous = score;
            }
            else
            {
                points.Add(new Point(start, null, 0, false, null));
                previous = null;
            }
        }
        return points;
    }
}
