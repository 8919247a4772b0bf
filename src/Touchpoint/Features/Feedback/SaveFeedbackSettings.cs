using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Feedback;

public sealed record BenchmarkRequest(string? Name, double? Nps);

public sealed record SurveyTextRequest(string? Kind, string? Language, string? Subject, string? Intro);

/// <summary>
/// The whole feedback settings (PUT replaces them all). Durations in whole minutes or days; relationshipEveryMonths null =
/// no relationship survey; texts name only the mails the store rewrites (an empty subject or intro = the shipped text).
/// </summary>
public sealed record FeedbackSettingsRequest(
    int? CsatDelayMinutes,
    int? QuietDays,
    int? MaxPerHour,
    int? NpsAfterDeliveryDays,
    int? AnswerWindowDays,
    int? LoyalAfterMonths,
    int? NpsEveryMonthsLoyal,
    int? NpsEveryMonths,
    string? SupportSurvey,
    int? RelationshipEveryMonths,
    string? PromoterReviewUrl,
    IReadOnlyList<BenchmarkRequest?>? Benchmarks,
    IReadOnlyList<SurveyTextRequest?>? Texts)
{
    public static FeedbackSettingsRequest From(FeedbackSettings s) => new(
        (int)s.CsatDelay.TotalMinutes, s.QuietDays, s.MaxPerHour, (int)s.NpsAfterDelivery.TotalDays, (int)s.AnswerWindow.TotalDays,
        s.LoyalAfterMonths, s.NpsEveryMonthsLoyal, s.NpsEveryMonths, s.SupportSurvey.ToWire(), s.RelationshipEveryMonths, s.PromoterReviewUrl,
        [.. s.Benchmarks.Select(b => new BenchmarkRequest(b.Name, b.Nps))],
        [.. s.Texts.Select(t => new SurveyTextRequest(t.Kind, t.Language, t.Subject, t.Intro))]);
}

/// <summary>Stores the feedback settings after checking every field; a request with any bad field stores nothing.</summary>
public sealed class SaveFeedbackSettings(TouchpointDb db, FeedbackSettingsStore store, TimeProvider time)
{
    public const int MaxBenchmarks = 30;
    public const int MaxBenchmarkName = 60;
    public const int MaxSubject = 300;
    public const int MaxIntro = 2000;

    public static Validation Validate(FeedbackSettingsRequest? r)
    {
        var v = new Validation();
        if (r is null)
        {
            return v.Add("body", Texts.Ui("Valid.JsonBody"));
        }
        Range(v, "csatDelayMinutes", r.CsatDelayMinutes, 0, 30 * 24 * 60);
        Range(v, "quietDays", r.QuietDays, 0, 365);
        Range(v, "maxPerHour", r.MaxPerHour, 1, 1_000_000);
        Range(v, "npsAfterDeliveryDays", r.NpsAfterDeliveryDays, 0, 365);
        Range(v, "answerWindowDays", r.AnswerWindowDays, 1, 365);
        Range(v, "loyalAfterMonths", r.LoyalAfterMonths, 1, 240);
        Range(v, "npsEveryMonthsLoyal", r.NpsEveryMonthsLoyal, 0, 120);
        Range(v, "npsEveryMonths", r.NpsEveryMonths, 0, 120);
        v.Require(SurveyWire.Kind(r.SupportSurvey) is not null, "supportSurvey", Texts.Ui("Valid.OneOf", "csat, nps"));
        v.Require(r.RelationshipEveryMonths is null or (>= 1 and <= 120), "relationshipEveryMonths", Texts.Ui("Valid.Between", 1, 120));
        v.Require(string.IsNullOrWhiteSpace(r.PromoterReviewUrl) || FeedbackOptions.IsReviewUrl(r.PromoterReviewUrl.Trim()), "promoterReviewUrl", Texts.Ui("Feedback.Valid.ReviewUrl", 500));
        if (r.Benchmarks is null)
        {
            v.Add("benchmarks", Texts.Ui("Valid.Required"));
        }
        else if (r.Benchmarks.Count > MaxBenchmarks)
        {
            v.Add("benchmarks", Texts.Ui("Feedback.Valid.Benchmarks", MaxBenchmarks));
        }
        else
        {
            for (var i = 0; i < r.Benchmarks.Count; i++)
            {
                var b = r.Benchmarks[i];
                var name = b?.Name?.Trim();
                v.Require(name is { Length: > 0 } && name.Length <= MaxBenchmarkName, $"benchmarks[{i}].name", Texts.Ui("Valid.NameRequired", MaxBenchmarkName));
                v.Require(b?.Nps is >= -100 and <= 100, $"benchmarks[{i}].nps", Texts.Ui("Valid.Between", -100, 100));
            }
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < (r.Texts?.Count ?? 0); i++)
        {
            var t = r.Texts![i];
            var kind = SurveyWire.Kind(t?.Kind);
            v.Require(kind is not null, $"texts[{i}].kind", Texts.Ui("Feedback.Valid.Kind"));
            v.Require(t?.Language is { } l && Languages.Supported.Contains(l), $"texts[{i}].language", Texts.Ui("Valid.Language"));
            if (kind is not null && t?.Language is { } language && !seen.Add((kind.Value.ToWire(), language)))
            {
                v.Add($"texts[{i}]", Texts.Ui("Valid.DuplicateField"));
            }
            Liquid(v, $"texts[{i}].subject", t?.Subject, MaxSubject);
            Liquid(v, $"texts[{i}].intro", t?.Intro, MaxIntro);
        }
        return v;
    }

    private static void Range(Validation v, string field, int? value, int min, int max)
    {
        if (value is null)
        {
            v.Add(field, Texts.Ui("Valid.Required"));
        }
        else if (value < min || value > max)
        {
            v.Add(field, Texts.Ui("Valid.Between", min, max));
        }
    }

    private static void Liquid(Validation v, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        if (value.Length > max)
        {
            v.Add(field, Texts.Ui("Valid.MaxChars", max));
        }
        else if (LiquidRenderer.Check(value) is { } error)
        {
            v.Add(field, error);
        }
    }

    /// <summary>The field errors, or none when the settings were stored (and this instance reads them at once).</summary>
    public async Task<Validation> ExecuteAsync(FeedbackSettingsRequest? request, string actor, CancellationToken ct)
    {
        var v = Validate(request);
        if (!v.IsValid)
        {
            return v;
        }
        var r = request!;
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.Set<StoredFeedbackSettings>().FirstOrDefaultAsync(s => s.Id == StoredFeedbackSettings.SingleId, ct);
            if (row is null)
            {
                row = new StoredFeedbackSettings();
                db.Add(row);
            }
            row.CsatDelayMinutes = r.CsatDelayMinutes!.Value;
            row.QuietDays = r.QuietDays!.Value;
            row.MaxPerHour = r.MaxPerHour!.Value;
            row.NpsAfterDeliveryDays = r.NpsAfterDeliveryDays!.Value;
            row.AnswerWindowDays = r.AnswerWindowDays!.Value;
            row.LoyalAfterMonths = r.LoyalAfterMonths!.Value;
            row.NpsEveryMonthsLoyal = r.NpsEveryMonthsLoyal!.Value;
            row.NpsEveryMonths = r.NpsEveryMonths!.Value;
            row.SupportSurvey = SurveyWire.Kind(r.SupportSurvey)!.Value;
            row.RelationshipEveryMonths = r.RelationshipEveryMonths;
            row.PromoterReviewUrl = string.IsNullOrWhiteSpace(r.PromoterReviewUrl) ? null : r.PromoterReviewUrl.Trim();
            row.Benchmarks = [.. r.Benchmarks!.Select(b => new NpsBenchmark(b!.Name!.Trim(), FeedbackScores.Round(b.Nps!.Value)))];
            row.Texts = [.. (r.Texts ?? []).Select(t => new SurveyText(SurveyWire.Kind(t!.Kind)!.Value.ToWire(), t.Language!, Blank(t.Subject), Blank(t.Intro)))
                .Where(t => t.Subject is not null || t.Intro is not null)];
            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
            row.UpdatedBy = actor;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two first saves at once: the loser updates the winner's row.
                db.ChangeTracker.Clear();
            }
        }
        store.Invalidate();
        return v;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
