using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Score bands → bonus percent for a period. The shipped default: ≥ 90 → 100 %, 80–89.9 → 50 %, below 80 → 0 %; any
/// critical fail in the period → 0 % whatever the score.
/// </summary>
public sealed class BonusRule
{
    public sealed record Band(double From, int Percent);

    public sealed record Outcome(int Percent, string Reason);

    public static readonly BonusRule Default = new([new Band(90, 100), new Band(80, 50)]);

    /// <summary>Bands from the highest threshold down; a score below every band earns nothing.</summary>
    public IReadOnlyList<Band> Bands { get; }

    public BonusRule(IEnumerable<Band> bands) => Bands = [.. bands.OrderByDescending(b => b.From)];

    public Outcome Apply(double score, int criticalFails)
    {
        if (criticalFails > 0)
        {
            return new Outcome(0, Texts.Ui("Quality.Bonus.CriticalFail", criticalFails));
        }
        var rounded = ReviewScore.Round(score);
        foreach (var band in Bands)
        {
            if (rounded >= band.From)
            {
                return new Outcome(band.Percent, Texts.Ui("Quality.Bonus.Band", band.From));
            }
        }
        return new Outcome(0, Texts.Ui("Quality.Bonus.Below", Bands.Count == 0 ? 0 : Bands[^1].From));
    }
}
