using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Feedback;

/// <summary>One row of the NPS benchmark table: a company and its published NPS (−100…+100).</summary>
public sealed record NpsBenchmark(string Name, double Nps);

/// <summary>
/// A service owner's Liquid for one survey mail in one language: its subject and the paragraph above the links. Either
/// may be empty: the shipped text is used then.
/// </summary>
public sealed record SurveyText(string Kind, string Language, string? Subject, string? Intro);

/// <summary>
/// The rules and texts the surveys run by, as the service owner set them on /settings/feedback (one stored row), or —
/// while nothing is saved — as <see cref="FeedbackOptions"/> (configuration) gives them. The sender, the triggers, the
/// answer pages and the reports read these, never the options directly.
/// </summary>
public sealed record FeedbackSettings(
    TimeSpan CsatDelay,
    int QuietDays,
    int MaxPerHour,
    TimeSpan NpsAfterDelivery,
    TimeSpan AnswerWindow,
    int LoyalAfterMonths,
    int NpsEveryMonthsLoyal,
    int NpsEveryMonths,
    SurveyKind SupportSurvey,
    int? RelationshipEveryMonths,
    string? PromoterReviewUrl,
    IReadOnlyList<NpsBenchmark> Benchmarks,
    IReadOnlyList<SurveyText> Texts,
    bool Custom,
    DateTime? UpdatedAt,
    string? UpdatedBy)
{
    /// <summary>Seed 004's competitors' results, shipped as the benchmark table until the store edits it.</summary>
    public static readonly IReadOnlyList<NpsBenchmark> ShippedBenchmarks =
        [new("Nike", 32), new("GAP", 30), new("Foot Locker", 25), new("H&M", 21), new("Marks & Spencer", 21)];

    public static FeedbackSettings From(FeedbackOptions o) => new(
        o.CsatDelay, o.QuietDays, o.MaxPerHour, o.NpsAfterDelivery, o.AnswerWindow, o.LoyalAfterMonths, o.NpsEveryMonthsLoyal, o.NpsEveryMonths,
        SurveyWire.Kind(o.SupportSurvey) ?? SurveyKind.Csat, o.RelationshipEveryMonths is > 0 ? o.RelationshipEveryMonths : null,
        string.IsNullOrWhiteSpace(o.PromoterReviewUrl) ? null : o.PromoterReviewUrl, ShippedBenchmarks, [], Custom: false, null, null);

    /// <summary>The service owner's Liquid for a mail part, or null when the shipped text is used.</summary>
    public string? TextFor(SurveyKind kind, string language, bool subject)
    {
        var t = Texts.FirstOrDefault(x => x.Kind == kind.ToWire() && x.Language == language);
        var value = subject ? t?.Subject : t?.Intro;
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The shipped subject or intro of a survey mail written as Liquid (what an empty field means), for the settings page.</summary>
    public static string ShippedText(SurveyKind kind, string language, bool subject) => (kind, subject) switch
    {
        (SurveyKind.Csat, true) => Platform.Localization.Texts.Get(language, "Feedback.Csat.Subject"),
        (SurveyKind.Csat, false) => Platform.Localization.Texts.Format(language, "Feedback.Csat.Intro", "{{ conversation.number }}"),
        (_, true) => Platform.Localization.Texts.Format(language, "Feedback.Nps.Question", "{{ store.name }}"),
        _ => Platform.Localization.Texts.Format(language, "Feedback.Nps.Intro", "{{ store.name }}"),
    };
}

/// <summary>The stored feedback settings: one row (id 1), written whole by <see cref="SaveFeedbackSettings"/>.</summary>
public sealed class StoredFeedbackSettings
{
    public const int SingleId = 1;

    public int Id { get; init; } = SingleId;
    public int CsatDelayMinutes { get; set; }
    public int QuietDays { get; set; }
    public int MaxPerHour { get; set; }
    public int NpsAfterDeliveryDays { get; set; }
    public int AnswerWindowDays { get; set; }
    public int LoyalAfterMonths { get; set; }
    public int NpsEveryMonthsLoyal { get; set; }
    public int NpsEveryMonths { get; set; }
    public SurveyKind SupportSurvey { get; set; }
    public int? RelationshipEveryMonths { get; set; }
    public string? PromoterReviewUrl { get; set; }
    public List<NpsBenchmark> Benchmarks { get; set; } = [];
    public List<SurveyText> Texts { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public FeedbackSettings ToSettings() => new(
        TimeSpan.FromMinutes(CsatDelayMinutes), QuietDays, MaxPerHour, TimeSpan.FromDays(NpsAfterDeliveryDays), TimeSpan.FromDays(AnswerWindowDays),
        LoyalAfterMonths, NpsEveryMonthsLoyal, NpsEveryMonths, SupportSurvey, RelationshipEveryMonths, PromoterReviewUrl,
        [.. Benchmarks], [.. Texts], Custom: true, UpdatedAt, UpdatedBy);
}

internal sealed class StoredFeedbackSettingsConfiguration : IEntityTypeConfiguration<StoredFeedbackSettings>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<StoredFeedbackSettings> b)
    {
        b.ToTable("feedback_settings");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.SupportSurvey).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.PromoterReviewUrl).HasMaxLength(500);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
        b.Property(x => x.Benchmarks).HasConversion(v => JsonSerializer.Serialize(v, Json), s => JsonSerializer.Deserialize<List<NpsBenchmark>>(s, Json) ?? new List<NpsBenchmark>(),
            new ValueComparer<List<NpsBenchmark>>((a, c) => a!.SequenceEqual(c!), v => v.Count, v => v.ToList()));
        b.Property(x => x.Texts).HasConversion(v => JsonSerializer.Serialize(v, Json), s => JsonSerializer.Deserialize<List<SurveyText>>(s, Json) ?? new List<SurveyText>(),
            new ValueComparer<List<SurveyText>>((a, c) => a!.SequenceEqual(c!), v => v.Count, v => v.ToList()));
    }
}

/// <summary>The effective <see cref="FeedbackSettings"/>, cached for 30 s; a save in this instance invalidates at once.</summary>
public sealed class FeedbackSettingsStore(IServiceScopeFactory scopes, IOptions<FeedbackOptions> options, TimeProvider time)
{
    private readonly CachedTable<StoredFeedbackSettings> _table = new(scopes, time, TimeSpan.FromSeconds(30),
        (db, ct) => db.Set<StoredFeedbackSettings>().AsNoTracking().Where(s => s.Id == StoredFeedbackSettings.SingleId).ToListAsync(ct));

    public async ValueTask<FeedbackSettings> GetAsync(CancellationToken ct)
    {
        var rows = await _table.GetAsync(ct);
        return rows.Count == 0 ? FeedbackSettings.From(options.Value) : rows[0].ToSettings();
    }

    public void Invalidate() => _table.Invalidate();

    /// <summary>The Liquid model of a survey mail: customer.name, store.name, conversation.number, order.number.</summary>
    public static Dictionary<string, object> Model(string customerName, string storeName, long? conversationNumber, string? orderNumber) => new()
    {
        ["customer"] = new Dictionary<string, object> { ["name"] = customerName },
        ["store"] = new Dictionary<string, object> { ["name"] = storeName },
        ["conversation"] = new Dictionary<string, object> { ["number"] = conversationNumber?.ToString(CultureInfo.InvariantCulture) ?? "" },
        ["order"] = new Dictionary<string, object> { ["number"] = orderNumber ?? "" },
    };
}
