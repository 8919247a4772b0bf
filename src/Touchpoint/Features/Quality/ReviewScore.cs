namespace Touchpoint.Features.Quality;

/// <summary>
/// The score of a review. Each answer is normalised to 0–1 by its scale, <c>(value − min) / (max − min)</c> (yes = 1,
/// no = 0); the score is <c>100 × Σ(weight × normalised) / Σ(weight)</c> over the criteria answered (N/A is left out
/// of both sums); a critical criterion answered at its minimum makes it 0. One decimal, halves away from zero.
/// </summary>
public static class ReviewScore
{
    public sealed record Answer(Criterion Criterion, double? Value);

    public sealed record Result(double Score, bool CriticalFailed);

    public static double? Normalise(Criterion criterion, double? value)
    {
        if (value is not { } v)
        {
            return null;
        }
        var scale = criterion.ScaleRange;
        return (double)(((decimal)v - scale.Min) / (scale.Max - scale.Min));
    }

    public static bool FailsCritically(Criterion criterion, double? value) =>
        criterion.Critical && value is { } v && v <= criterion.ScaleRange.Min;

    public static Result Compute(IReadOnlyList<Answer> answers)
    {
        var answered = answers.Where(a => a.Value is not null).ToList();
        if (answered.Count == 0 || answered.Sum(a => (decimal)a.Criterion.Weight) <= 0)
        {
            throw new ArgumentException("A review needs at least one answered criterion with a weight.", nameof(answers));
        }
        if (answered.Any(a => FailsCritically(a.Criterion, a.Value)))
        {
            return new Result(0, true);
        }
        decimal weighted = 0, weights = 0;
        foreach (var a in answered)
        {
            var scale = a.Criterion.ScaleRange;
            var weight = (decimal)a.Criterion.Weight;
            weighted += weight * ((decimal)a.Value!.Value - scale.Min) / (scale.Max - scale.Min);
            weights += weight;
        }
        return new Result((double)Math.Round(100m * weighted / weights, 1, MidpointRounding.AwayFromZero), false);
    }

    /// <summary>The mean of scores, shown with one decimal like a single review's.</summary>
    public static double Mean(IEnumerable<double> scores)
    {
        var list = scores.ToList();
        return list.Count == 0 ? 0 : Round(list.Average());
    }

    public static double Round(double value) => (double)Math.Round((decimal)value, 1, MidpointRounding.AwayFromZero);
}
