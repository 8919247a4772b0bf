using System.Text.Json.Serialization;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Quality;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutAuditPlanRequest(string? Touchpoint, string? Scorecard, Dictionary<string, string?>? Name, List<AuditScenarioRequest?>? Scenarios,
    AuditQuotaRequest? Quota, List<string?>? Auditors, List<string?>? Employees, bool? Active);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AuditScenarioRequest(string? Key, string? Channel, Dictionary<string, string?>? Text);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AuditQuotaRequest(int? PerMonth, string? Per);

public sealed record AuditScenarioResponse(string Key, string Channel, LocalizedText Text);

public sealed record AuditQuotaResponse(int PerMonth, string Per);

public sealed record AuditPlanResponse(string Key, string Touchpoint, string Scorecard, LocalizedText Name, IReadOnlyList<AuditScenarioResponse> Scenarios,
    AuditQuotaResponse Quota, IReadOnlyList<string> Auditors, IReadOnlyList<string> Employees, bool Active, DateTime UpdatedAt, string UpdatedBy);

public sealed record AuditPlanPage(IReadOnlyList<AuditPlanResponse> Items, int Page, int PageSize, bool HasMore);

/// <summary>A month's schedule of a plan: <c>scheduledNow</c> false when it had been scheduled before.</summary>
public sealed record AuditScheduleResponse(string Plan, string Month, int Seed, bool ScheduledNow, int Tasks);

public sealed record AuditTaskResponse(Guid Id, string Plan, LocalizedText PlanName, string Touchpoint, string Month, DateTime DueAt, string Status,
    string Scenario, string Channel, LocalizedText ScenarioText, string Auditor, string? Employee, Guid? Audit);

public sealed record AuditTaskPage(IReadOnlyList<AuditTaskResponse> Items, int Page, int PageSize, bool HasMore);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostAuditRequest(Guid? Task, string? Plan, string? Scenario, DateTimeOffset? OccurredAt, string? Channel, List<string?>? Employees,
    string? Notes, string? RecordingUrl, long? Conversation, string? Order);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitAuditRequest(List<AnswerRequest?>? Answers, string? Comment);

public sealed record AuditEvidenceResponse(int Number, string FileName, string ContentType, long Size, DateTime UploadedAt, string Url);

/// <summary>Times measured from Touchpoint's own records for the linked conversation or test order (seconds).</summary>
public sealed record AuditMeasured(long? FirstReplySeconds, long? ResolutionSeconds, IReadOnlyList<AuditStageTime> Stages);

public sealed record AuditStageTime(string Stage, DateTime From, DateTime? To, long? Seconds);

public sealed record AuditResponse(Guid Id, string Plan, LocalizedText PlanName, string Touchpoint, string Scorecard, Guid? Task, string Status,
    string Scenario, LocalizedText ScenarioText, string Channel, DateTime OccurredAt, IReadOnlyList<string> Employees, string? Notes, string? RecordingUrl,
    long? Conversation, string? Order, string Auditor, DateTime CreatedAt, DateTime UpdatedAt, DateTime? SubmittedAt, IReadOnlyList<Guid> Reviews,
    IReadOnlyList<AuditEvidenceResponse> Evidence, AuditMeasured? Measured, IReadOnlyList<string> Warnings);

public sealed record AuditPage(IReadOnlyList<AuditResponse> Items, int Page, int PageSize, bool HasMore);

public sealed record AuditSubmitted(Guid Id, IReadOnlyList<ReviewCreated> Reviews);

/// <summary>The warnings an audit shows: its linked conversation's customer is not marked as a mystery shopper.</summary>
public static class AuditWarnings
{
    public const string CustomerNotMarked = "customer_not_marked";
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutAuditRequest(string? Scenario, DateTimeOffset? OccurredAt, string? Channel, List<string?>? Employees, string? Notes,
    string? RecordingUrl, long? Conversation, string? Order);
