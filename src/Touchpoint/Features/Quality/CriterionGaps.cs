namespace Touchpoint.Features.Quality;

/// <summary>
/// Gaps in the standard: per scorecard and criterion, the share of answers that pass. An answer passes when its
/// normalised value (0–1, see <see cref="ReviewScore"/>) is at least 0.8; N/A answers are left out of both counts.
/// The weakest criteria are those with the lowest pass rate, more answers first on a tie, then by key.
/// </summary>
public static class CriterionGaps
{
    public const double PassAt = 0.8;

    public sealed record Answer(string Scorecard, string Criterion, double? Normalised);

    public sealed record Tally(string Scorecard, string Criterion, int Answers, int Passes)
    {
        /// <summary>Passes over answers, 0–1 with three decimals.</summary>
        public double PassRate => Answers == 0 ? 0 : (double)Math.Round((decimal)Passes / Answers, 3, MidpointRounding.AwayFromZero);
    }

    public static bool Passes(double normalised) => normalised >= PassAt - 1e-9;

    /// <summary>Every criterion answered at least once (N/A does not count), lowest pass rate first.</summary>
    public static IReadOnlyList<Tally> Rank(IEnumerable<Answer> answers) => [.. answers
        .Where(a => a.Normalised is not null)
        .GroupBy(a => (a.Scorecard, a.Criterion))
        .Select(g => new Tally(g.Key.Scorecard, g.Key.Criterion, g.Count(), g.Count(a => Passes(a.Normalised!.Value))))
        .OrderBy(t => (decimal)t.Passes / t.Answers)
        .ThenByDescending(t => t.Answers)
        .ThenBy(t => t.Scorecard, StringComparer.Ordinal)
        .ThenBy(t => t.Criterion, StringComparer.Ordinal)];

    /// <summary>The <paramref name="count"/> weakest criteria that are not passed every time.</summary>
    public static IReadOnlyList<Tally> Weakest(IEnumerable<Answer> answers, int count = 3) =>
        [.. Rank(answers).Where(t => t.Passes < t.Answers).Take(count)];

    /// <summary>Whether the next period did better: null when the criterion was not answered (N/A aside) in it.</summary>
    public static bool? Improved(Tally now, Tally? next) =>
        next is null || next.Answers == 0 ? null : (decimal)next.Passes / next.Answers > (decimal)now.Passes / now.Answers;
}
