namespace Touchpoint.Features.Feedback;

/// <summary>An NPS result: −100…+100 with one decimal, the counts behind it and the 95 % margin of error (points).</summary>
public sealed record NpsScore(double? Nps, int Responses, int Promoters, int Passives, int Detractors, double? MarginOfError);

/// <summary>A CSAT result: the share of 4–5 among the answers, 0–100 with one decimal, and the number of answers.</summary>
public sealed record CsatScore(double? Csat, int Responses, int Satisfied);

/// <summary>The arithmetic of the scores, pure: reports and tests call it with counts.</summary>
public static class FeedbackScores
{
    public static bool IsPromoter(int value) => value is 9 or 10;
    public static bool IsPassive(int value) => value is 7 or 8;
    public static bool IsDetractor(int value) => value is >= 0 and <= 6;
    public static bool IsSatisfied(int value) => value is 4 or 5;

    public static NpsScore Nps(IEnumerable<int> values)
    {
        int p = 0, pa = 0, d = 0;
        foreach (var v in values)
        {
            if (IsPromoter(v))
            {
                p++;
            }
            else if (IsPassive(v))
            {
                pa++;
            }
            else if (IsDetractor(v))
            {
                d++;
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(values), v, "An NPS answer is 0…10.");
            }
        }
        return Nps(p, pa, d);
    }

    /// <summary>
    /// NPS = %promoters − %detractors, passives in the denominator. Each answer scores +1, 0 or −1; the variance of that
    /// score is p + d − (p − d)², so the 95 % margin of error is 1.96 · √(variance / n), in points (×100). None without answers.
    /// </summary>
    public static NpsScore Nps(int promoters, int passives, int detractors)
    {
        if (promoters < 0 || passives < 0 || detractors < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(promoters), "Counts are never negative.");
        }
        var n = promoters + passives + detractors;
        if (n == 0)
        {
            return new NpsScore(null, 0, 0, 0, 0, null);
        }
        var p = (double)promoters / n;
        var d = (double)detractors / n;
        var nps = p - d;
        var variance = Math.Max(0, p + d - nps * nps);
        var margin = 1.96 * Math.Sqrt(variance / n) * 100;
        return new NpsScore(Round(nps * 100), n, promoters, passives, detractors, Round(margin));
    }

    public static CsatScore Csat(IEnumerable<int> values)
    {
        int n = 0, satisfied = 0;
        foreach (var v in values)
        {
            if (v is < 1 or > 5)
            {
                throw new ArgumentOutOfRangeException(nameof(values), v, "A CSAT answer is 1…5.");
            }
            n++;
            if (IsSatisfied(v))
            {
                satisfied++;
            }
        }
        return Csat(satisfied, n);
    }

    public static CsatScore Csat(int satisfied, int responses)
    {
        if (satisfied < 0 || responses < satisfied)
        {
            throw new ArgumentOutOfRangeException(nameof(satisfied), "0 ≤ satisfied ≤ responses.");
        }
        return new CsatScore(responses == 0 ? null : Round(100.0 * satisfied / responses), responses, satisfied);
    }

    public static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}

/// <summary>What the frequency rules look at for one customer at the moment a survey would go out.</summary>
public sealed record SurveyHistory(DateTime CustomerSince, DateTime? LastSurveySentAt, DateTime? LastNpsSentAt, bool HasOpenConversation);

public static class SkipReasons
{
    public const string Reopened = "reopened";
    public const string Erased = "erased";
    public const string MysteryShopper = "mystery_shopper";
    public const string NoMailbox = "no_mailbox";
    public const string QuietDays = "quiet_days";
    public const string Frequency = "frequency";
    public const string OpenConversation = "open_conversation";
    public const string Expired = "expired";
}

/// <summary>
/// How often a customer is asked (seed 004): never two surveys of any kind within the quiet days; NPS at most once a
/// year for a customer of more than 1.5 years, at most once every 6 months for others, and never while they have an
/// open conversation. Returns the reason to skip, or null to send.
/// </summary>
public static class SurveyFrequency
{
    public static string? Decide(SurveyKind kind, DateTime now, SurveyHistory history, FeedbackOptions options) =>
        Decide(kind, now, history, FeedbackSettings.From(options));

    public static string? Decide(SurveyKind kind, DateTime now, SurveyHistory history, FeedbackSettings options)
    {
        if (history.LastSurveySentAt is { } last && now - last < TimeSpan.FromDays(options.QuietDays))
        {
            return SkipReasons.QuietDays;
        }
        if (kind != SurveyKind.Nps)
        {
            return null;
        }
        if (history.HasOpenConversation)
        {
            return SkipReasons.OpenConversation;
        }
        if (history.LastNpsSentAt is { } lastNps)
        {
            var loyal = history.CustomerSince.AddMonths(options.LoyalAfterMonths) < now;
            var next = lastNps.AddMonths(loyal ? options.NpsEveryMonthsLoyal : options.NpsEveryMonths);
            if (now < next)
            {
                return SkipReasons.Frequency;
            }
        }
        return null;
    }
}
