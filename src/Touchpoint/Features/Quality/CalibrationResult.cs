namespace Touchpoint.Features.Quality;

/// <summary>
/// The outcome of a calibration session, a pure rule: for each conversation, in total and per criterion (on 0–100
/// points: the normalised answer × 100), the spread (max − min), the median, and each reviewer's distance from the
/// median, flagged when it is more than <see cref="FlagAbove"/> points. A criterion answered N/A by a reviewer leaves
/// that reviewer out of the criterion.
/// </summary>
public static class CalibrationResult
{
    public const double FlagAbove = 10;

    /// <summary>One reviewer's scoring of one conversation: the total score and each criterion's normalised value (0–1, null N/A).</summary>
    public sealed record Scoring(long Conversation, string Reviewer, double Score, IReadOnlyDictionary<string, double?> Criteria);

    public sealed record Distance(string Reviewer, double Points, double FromMedian, bool Flagged);

    public sealed record Measure(double Median, double Spread, IReadOnlyList<Distance> Reviewers);

    public sealed record ConversationResult(long Conversation, Measure Total, IReadOnlyDictionary<string, Measure> Criteria);

    public static IReadOnlyList<ConversationResult> Compute(IEnumerable<Scoring> scorings) =>
        [.. scorings.GroupBy(s => s.Conversation).OrderBy(g => g.Key).Select(g =>
        {
            var rows = g.OrderBy(s => s.Reviewer, StringComparer.Ordinal).ToList();
            var total = MeasureOf(rows.Select(s => (s.Reviewer, s.Score)));
            var criteria = rows.SelectMany(s => s.Criteria.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .ToDictionary(k => k, k => MeasureOf(rows.Where(s => s.Criteria.GetValueOrDefault(k) is not null)
                    .Select(s => (s.Reviewer, s.Criteria[k]!.Value * 100))), StringComparer.Ordinal);
            return new ConversationResult(g.Key, total, criteria);
        })];

    public static Measure MeasureOf(IEnumerable<(string Reviewer, double Points)> points)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return new Measure(0, 0, []);
        }
        var median = Median(list.Select(p => p.Points));
        var spread = list.Max(p => p.Points) - list.Min(p => p.Points);
        return new Measure(ReviewScore.Round(median), ReviewScore.Round(spread), [.. list.Select(p =>
        {
            var distance = ReviewScore.Round(Math.Abs(p.Points - median));
            return new Distance(p.Reviewer, ReviewScore.Round(p.Points), distance, distance > FlagAbove);
        })]);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
