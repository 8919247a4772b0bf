using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Score bands → bonus percent for a period. The shipped default: ≥ 90 → 100 %, 80–89.9 → 50 %, below 80 → 0 %; any
/// critical fail in the period → 0 % whatever the score. With an SLA weight w (0..1, default 0) the score the bands see
/// is (1 − w) × QA score + w × SLA compliance % of the agent's SLA-measured conversations; an agent without any keeps the
/// QA score alone.
/// </summary>
public sealed class BonusRule
{
    public sealed record Band(double From, int Percent);

    /// <summary>The bonus, why, and the score the bands were applied to (one decimal).</summary>
    public sealed record Outcome(int Percent, string Reason, double Score);

    public static readonly IReadOnlyList<Band> DefaultBands = [new Band(90, 100), new Band(80, 50)];

    public static readonly BonusRule Default = new(DefaultBands);

    /// <summary>Bands from the highest threshold down; a score below every band earns nothing.</summary>
    public IReadOnlyList<Band> Bands { get; }

    /// <summary>The share of SLA compliance in the score used, 0..1.</summary>
    public double SlaWeight { get; }

    public BonusRule(IEnumerable<Band> bands, double slaWeight = 0)
    {
        if (!(slaWeight is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(slaWeight), slaWeight, "The SLA weight is between 0 and 1.");
        }
        Bands = [.. bands.OrderByDescending(b => b.From)];
        SlaWeight = slaWeight;
    }

    public static bool ValidWeight(double? weight) => weight is >= 0 and <= 1;

    public BonusRule WithSlaWeight(double slaWeight) => new(Bands, slaWeight);

    /// <summary>The score the bands see: the QA score blended with SLA compliance (0–100) when there is any, one decimal.</summary>
    public double Blend(double qaScore, double? slaCompliance) =>
        ReviewScore.Round(SlaWeight > 0 && slaCompliance is { } sla ? (1 - SlaWeight) * qaScore + SlaWeight * sla : qaScore);

    /// <summary>The QA score alone (no SLA part).</summary>
    public Outcome Apply(double score, int criticalFails) => Apply(score, null, criticalFails);

    public Outcome Apply(double qaScore, double? slaCompliance, int criticalFails)
    {
        var used = Blend(qaScore, slaCompliance);
        var reason = BandReason(used, criticalFails, out var percent);
        if (SlaWeight > 0)
        {
            reason = slaCompliance is { } sla
                ? Texts.Ui("Quality.Bonus.Blended", reason, ReviewScore.Round(qaScore), ReviewScore.Round(sla), Math.Round(SlaWeight * 100))
                : Texts.Ui("Quality.Bonus.NoSla", reason);
        }
        return new Outcome(percent, reason, used);
    }

    private string BandReason(double score, int criticalFails, out int percent)
    {
        percent = 0;
        if (criticalFails > 0)
        {
            return Texts.Ui("Quality.Bonus.CriticalFail", criticalFails);
        }
        var rounded = ReviewScore.Round(score);
        foreach (var band in Bands)
        {
            if (rounded >= band.From)
            {
                percent = band.Percent;
                return Texts.Ui("Quality.Bonus.Band", band.From);
            }
        }
        return Texts.Ui("Quality.Bonus.Below", Bands.Count == 0 ? 0 : Bands[^1].From);
    }
}
