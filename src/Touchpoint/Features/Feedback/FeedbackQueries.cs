using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Feedback;

public sealed record CsatGroup(string Key, double? Csat, int Responses);

public sealed record CsatReport(double? Csat, int Responses, DateTime From, DateTime To, string? GroupBy, IReadOnlyList<CsatGroup> Groups);

public sealed record NpsMonth(string Month, double? Nps, int Responses, int Promoters, int Passives, int Detractors, double? MarginOfError);

public sealed record NpsReport(double? Nps, int Responses, int Promoters, int Passives, int Detractors, double? MarginOfError, DateTime From, DateTime To,
    string? Touchpoint, IReadOnlyList<NpsMonth> Months, IReadOnlyList<NpsBenchmark> Benchmarks);

public sealed record SurveyResponse(Guid Id, string Kind, string Touchpoint, string State, string? SkipReason, Guid CustomerId, long? Conversation, string? Order,
    string Language, DateTime DueAt, DateTime? SentAt, int? Value, DateTime? AnsweredAt, string? Comment, string? Reason, long? Complaint);

/// <summary>One answered survey as the reports count it: first answered at, its latest value, and the agent, channel and topic it was sent for.</summary>
public sealed record SurveyAnswer(DateTime At, int Value, string Agent, string Channel, string Topic);

/// <summary>One survey mail's texts in one language: the store's Liquid (null = shipped) and the shipped text as Liquid.</summary>
public sealed record SurveyTextResponse(string Kind, string Language, string? Subject, string? Intro, string ShippedSubject, string ShippedIntro);

/// <summary>The effective feedback settings (GET /api/v1/feedback/settings); custom is false while configuration gives them.</summary>
public sealed record FeedbackSettingsResponse(
    int CsatDelayMinutes, int QuietDays, int MaxPerHour, int NpsAfterDeliveryDays, int AnswerWindowDays, int LoyalAfterMonths, int NpsEveryMonthsLoyal,
    int NpsEveryMonths, string SupportSurvey, int? RelationshipEveryMonths, string? PromoterReviewUrl, IReadOnlyList<NpsBenchmark> Benchmarks,
    IReadOnlyList<SurveyTextResponse> Texts, bool Custom, DateTime? UpdatedAt, string? UpdatedBy);

public sealed record SurveysPage(IReadOnlyList<SurveyResponse> Items, int Page, int PageSize, bool HasMore);

/// <summary>The feedback read models. Reports read <see cref="SurveyAnswerFact"/> only: each survey's latest revision, counted in the period of its first answer.</summary>
public sealed class FeedbackQueries(TouchpointDb db, IOptions<StoreOptions> store, FeedbackSettingsStore settings) : IConversationFacets
{
    public static readonly IReadOnlyList<string> CsatGroupings = ["agent", "channel", "topic", "language", "touchpoint", "month"];

    private sealed record Row(int Value, string? AssigneeId, string? Channel, string? Topic, string Language, SurveyTouchpoint Touchpoint, DateTime FirstAnsweredAt);

    private async Task<List<Row>> LatestAsync(SurveyKind kind, DateTime from, DateTime to, SurveyTouchpoint? touchpoint, CancellationToken ct, string? agent = null)
    {
        var facts = db.Set<SurveyAnswerFact>().AsNoTracking();
        var q = facts.Where(f => f.Kind == kind && f.FirstAnsweredAt >= from && f.FirstAnsweredAt < to)
            .Where(f => !facts.Any(g => g.SurveyId == f.SurveyId && g.Revision > f.Revision));
        if (touchpoint is { } t)
        {
            q = q.Where(f => f.Touchpoint == t);
        }
        if (agent is not null)
        {
            q = q.Where(f => f.AssigneeId == agent);
        }
        return await q.Select(f => new Row(f.Value, f.AssigneeId, f.Channel, f.Topic, f.Language, f.Touchpoint, f.FirstAnsweredAt)).ToListAsync(ct);
    }

    /// <summary>The latest value of each survey of a kind first answered in [from, to), one row each (an agent's only when <paramref name="agent"/> is named): the series and the agent's dashboard read these.</summary>
    public async Task<IReadOnlyList<SurveyAnswer>> AnswersAsync(SurveyKind kind, DateTime from, DateTime to, string? agent, CancellationToken ct) =>
        [.. (await LatestAsync(kind, from, to, null, ct, agent)).Select(r => new SurveyAnswer(r.FirstAnsweredAt, r.Value, r.AssigneeId ?? "", r.Channel ?? "", r.Topic ?? ""))];

    public async Task<CsatReport> CsatAsync(DateTime from, DateTime to, string? groupBy, CancellationToken ct, string? agent = null)
    {
        var rows = await LatestAsync(SurveyKind.Csat, from, to, null, ct, agent);
        var total = FeedbackScores.Csat(rows.Select(r => r.Value));
        IReadOnlyList<CsatGroup> groups = [];
        if (groupBy is not null)
        {
            groups = rows.GroupBy(r => Key(r, groupBy))
                .Select(g => { var s = FeedbackScores.Csat(g.Select(r => r.Value)); return new CsatGroup(g.Key, s.Csat, s.Responses); })
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        }
        return new CsatReport(total.Csat, total.Responses, from, to, groupBy, groups);
    }

    private string Key(Row r, string groupBy) => groupBy switch
    {
        "agent" => r.AssigneeId ?? "",
        "channel" => r.Channel ?? "",
        "topic" => r.Topic ?? "",
        "language" => r.Language,
        "touchpoint" => r.Touchpoint.ToWire(),
        _ => Month(r.FirstAnsweredAt),
    };

    private string Month(DateTime utc) => store.Value.ToLocal(utc).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public async Task<NpsReport> NpsAsync(DateTime from, DateTime to, SurveyTouchpoint? touchpoint, CancellationToken ct, string? agent = null)
    {
        var rows = await LatestAsync(SurveyKind.Nps, from, to, touchpoint, ct, agent);
        var total = FeedbackScores.Nps(rows.Select(r => r.Value));
        var months = rows.GroupBy(r => Month(r.FirstAnsweredAt)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var s = FeedbackScores.Nps(g.Select(r => r.Value));
                return new NpsMonth(g.Key, s.Nps, s.Responses, s.Promoters, s.Passives, s.Detractors, s.MarginOfError);
            }).ToList();
        var benchmarks = (await settings.GetAsync(ct)).Benchmarks.OrderByDescending(b => b.Nps).ToList();
        return new NpsReport(total.Nps, total.Responses, total.Promoters, total.Passives, total.Detractors, total.MarginOfError, from, to, touchpoint?.ToWire(), months, benchmarks);
    }

    /// <summary>The effective settings, with every survey mail (CSAT, NPS) in every language and its shipped text.</summary>
    public async Task<FeedbackSettingsResponse> SettingsAsync(CancellationToken ct)
    {
        var s = await settings.GetAsync(ct);
        var r = FeedbackSettingsRequest.From(s);
        var texts = new List<SurveyTextResponse>();
        foreach (var kind in new[] { SurveyKind.Csat, SurveyKind.Nps })
        {
            foreach (var language in Languages.Supported)
            {
                texts.Add(new SurveyTextResponse(kind.ToWire(), language, s.TextFor(kind, language, subject: true), s.TextFor(kind, language, subject: false),
                    FeedbackSettings.ShippedText(kind, language, subject: true), FeedbackSettings.ShippedText(kind, language, subject: false)));
            }
        }
        return new FeedbackSettingsResponse(r.CsatDelayMinutes!.Value, r.QuietDays!.Value, r.MaxPerHour!.Value, r.NpsAfterDeliveryDays!.Value, r.AnswerWindowDays!.Value,
            r.LoyalAfterMonths!.Value, r.NpsEveryMonthsLoyal!.Value, r.NpsEveryMonths!.Value, r.SupportSurvey!, r.RelationshipEveryMonths, r.PromoterReviewUrl,
            s.Benchmarks, texts, s.Custom, s.UpdatedAt, s.UpdatedBy);
    }

    public async Task<SurveysPage> SurveysAsync(Guid? customer, SurveyKind? kind, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<Survey>().AsNoTracking();
        if (customer is { } c)
        {
            q = q.Where(s => s.CustomerId == c);
        }
        if (kind is { } k)
        {
            q = q.Where(s => s.Kind == k);
        }
        var rows = await q.OrderByDescending(s => s.DueAt).ThenBy(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new SurveysPage(rows.Take(pageSize).Select(ToResponse).ToList(), page, pageSize, rows.Count > pageSize);
    }

    /// <summary>The answer of a conversation's survey, for its page (null: none answered).</summary>
    public Task<Survey?> ForConversationAsync(Guid conversationId, CancellationToken ct) =>
        db.Set<Survey>().AsNoTracking().Where(s => s.ConversationId == conversationId && s.Value != null).FirstOrDefaultAsync(ct);

    /// <summary>The CSAT answer of a conversation (its <c>csat</c> in the conversation API and the chip on its page); none while unanswered.</summary>
    public async Task<ConversationFacets> ForAsync(long number, CancellationToken ct)
    {
        var s = await db.Set<Survey>().AsNoTracking().Where(s => s.ConversationNumber == number && s.Kind == SurveyKind.Csat && s.Value != null)
            .Select(s => new { s.Value, s.Comment, s.AnsweredAt }).FirstOrDefaultAsync(ct);
        return s is null ? ConversationFacets.None : new ConversationFacets(Csat: new ConversationCsat(s.Value!.Value, s.Comment, s.AnsweredAt!.Value));
    }

    public static SurveyResponse ToResponse(Survey s) => new(s.Id, s.Kind.ToWire(), s.Touchpoint.ToWire(), s.State.ToWire(), s.SkipReason, s.CustomerId,
        s.ConversationNumber, s.OrderNumber, s.Language, s.DueAt, s.SentAt, s.Value, s.AnsweredAt, s.Comment, s.Reason, s.ComplaintNumber);
}
