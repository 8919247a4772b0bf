using System.Text.Json.Serialization;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Quality;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutScorecardRequest(string? Touchpoint, Dictionary<string, string?>? Name, List<CriterionRequest?>? Criteria);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CriterionRequest(string? Key, string? Section, Dictionary<string, string?>? Text, string? Scale, double? Weight,
    bool? AllowNa, bool? Critical, string? Topic, string? Training);

public sealed record ScorecardResponse(string Key, int Version, string Touchpoint, LocalizedText Name, IReadOnlyList<CriterionResponse> Criteria,
    DateTime UpdatedAt, bool HasReviews);

public sealed record CriterionResponse(string Key, string Section, LocalizedText Text, string Scale, double Weight, bool AllowNa, bool Critical,
    string? Topic, string? Training);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostReviewRequest(string? Scorecard, long? Conversation, string? Order, string? Reviewee, List<AnswerRequest?>? Answers, string? Comment,
    Guid? Audit = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AnswerRequest(string? Criterion, double? Value, string? Comment);

public sealed record ReviewCreated(Guid Id, double Score, bool CriticalFailed, int ScorecardVersion);

public sealed record ReviewSummary(Guid Id, string Scorecard, int ScorecardVersion, string Touchpoint, long? Conversation, string? Order,
    string Reviewee, string Reviewer, double Score, bool CriticalFailed, string? Comment, DateTime CreatedAt, IReadOnlyList<AnswerResponse> Answers,
    Guid? Audit = null);

public sealed record AnswerResponse(string Criterion, double? Value, string? Comment);

public sealed record ReviewPage(IReadOnlyList<ReviewSummary> Items, int Page, int PageSize, bool HasMore);

public sealed record AgentReportRow(string Agent, int Reviews, double Score, int CriticalFails, IReadOnlyList<string> Weakest);

public sealed record AgentReport(IReadOnlyList<AgentReportRow> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// A bonus row: <c>score</c> is the score used (QA blended with SLA compliance by <c>slaWeight</c>), <c>qaScore</c> the
/// mean review score, <c>slaCompliance</c> the agent's SLA compliance % in the month (null: no SLA-measured conversation).
/// </summary>
public sealed record BonusRow(string Agent, double Score, int BonusPercent, string Reason, double QaScore, double? SlaCompliance, double SlaWeight);

public sealed record BonusTable(string Period, IReadOnlyList<BonusRow> Items, int Page, int PageSize, bool HasMore, bool Frozen = false,
    string? ApprovedBy = null, DateTime? ApprovedAt = null, double SlaWeight = 0);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostDisputeRequest(string? Comment, List<DisputeAnswerRequest?>? Answers);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DisputeAnswerRequest(string? Criterion, double? Value);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostDecisionRequest(string? Decision, List<DisputeAnswerRequest?>? Answers, string? Comment);

public sealed record DisputeResponse(Guid Id, Guid Review, string Status, string Reviewee, string Scorecard, int ScorecardVersion, long? Conversation,
    double Score, bool CriticalFailed, string Comment, IReadOnlyList<ProposedAnswer> Answers, string OpenedBy, DateTime OpenedAt,
    IReadOnlyList<ProposedAnswer> DecidedAnswers, string? DecisionComment, string? DecidedBy, DateTime? DecidedAt);

public sealed record DisputePage(IReadOnlyList<DisputeResponse> Items, int Page, int PageSize, bool HasMore);

public sealed record ReviewChangeResponse(string Kind, DateTime At, string Actor, Guid? Dispute, double? OldScore, double NewScore, bool CriticalFailed,
    string? Detail);

/// <summary>One review with its answers, every dispute and the history of its changes (GET /api/v1/quality/reviews/{id}).</summary>
public sealed record ReviewDetail(Guid Id, string Scorecard, int ScorecardVersion, string Touchpoint, long? Conversation, string? Order,
    string Reviewee, string Reviewer, double Score, bool CriticalFailed, string? Comment, DateTime CreatedAt, IReadOnlyList<AnswerResponse> Answers,
    IReadOnlyList<DisputeResponse> Disputes, IReadOnlyList<ReviewChangeResponse> History);

public sealed record AssignmentResponse(string Key, string Name, string Cadence, int Goal, string? Scorecard, IReadOnlyList<string> Reviewers,
    IReadOnlyList<string> Agents, IReadOnlyList<string> Teams, IReadOnlyList<string> Channels, IReadOnlyList<string> Topics, bool ResolvedOnly,
    bool Reopened, bool SlaBreached, bool ClockGaming, int? CsatAtMost, bool Active, DateTime UpdatedAt, string UpdatedBy, DateTime CycleStart, DateTime CycleEnd);

public sealed record AssignmentPage(IReadOnlyList<AssignmentResponse> Items, int Page, int PageSize, bool HasMore);

/// <summary>The draw of a cycle: <c>drawnNow</c> false when it had been drawn before (or nothing was eligible).</summary>
public sealed record DrawResponse(string Assignment, DateTime CycleStart, DateTime CycleEnd, DateTime From, DateTime To, int Seed, bool DrawnNow, int Samples);

public sealed record QueueItem(string Assignment, string AssignmentName, DateTime CycleStart, DateTime CycleEnd, long Conversation, string Reviewee,
    string Reviewer, bool Done, string? Scorecard, DateTime DrawnAt);

public sealed record QueueProgress(string Assignment, string AssignmentName, string Reviewee, int Goal, int Drawn, int Done);

public sealed record QueueResponse(IReadOnlyList<QueueItem> Items, IReadOnlyList<QueueProgress> Progress, int Page, int PageSize, bool HasMore);

public sealed record CalibrationScoreResponse(long Conversation, string Reviewer, double Score, bool CriticalFailed, IReadOnlyList<AnswerResponse> Answers,
    DateTime CreatedAt);

/// <summary>A calibration session; <c>scores</c> are everyone's for owners, admins and API keys, a reviewer's own otherwise.</summary>
public sealed record CalibrationResponse(Guid Id, string Name, string Scorecard, int ScorecardVersion, IReadOnlyList<long> Conversations,
    IReadOnlyList<string> Reviewers, DateTime CreatedAt, int ScoresGiven, int ScoresExpected, IReadOnlyList<CalibrationScoreResponse> Scores);

public sealed record CalibrationPage(IReadOnlyList<CalibrationResponse> Items, int Page, int PageSize, bool HasMore);

public sealed record CalibrationResponseResult(Guid Id, string Name, double FlagAbove, IReadOnlyList<CalibrationResult.ConversationResult> Conversations);

public sealed record GapItem(string Criterion, string Text, string Scorecard, double PassRate, int Answers, string? Training);

public sealed record GapsResponse(DateTime From, DateTime To, IReadOnlyList<GapItem> Items);

public sealed record TrainingItem(string Criterion, string Text, string Scorecard, double PassRate, int Answers, string? Training,
    double? NextPassRate, int NextAnswers, bool? Improved);

public sealed record TrainingPlan(string Agent, DateTime From, DateTime To, DateTime NextFrom, DateTime NextTo, IReadOnlyList<TrainingItem> Items);
