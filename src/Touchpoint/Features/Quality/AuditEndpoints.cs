using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>Mystery-shopper audits under /api/v1/quality: plans, their monthly schedule, the auditors' tasks, audits with evidence.</summary>
public static class AuditEndpoints
{
    /// <summary>Above ten photos of ten megabytes each and the form's own bytes, a request is refused before it is read.</summary>
    private const long MaxUploadBytes = AddAuditEvidence.MaxBytes * AddAuditEvidence.MaxFiles + 1024 * 1024;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit-plans", ListPlansAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("ListAuditPlans")
            .WithSummary("Mystery-shopper audit plans, by touchpoint and key.");
        api.MapGet("/audit-plans/{key}", GetPlanAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("GetAuditPlan")
            .WithSummary("An audit plan: scenarios, scorecard, quota, auditors and employees.");
        api.MapPut("/audit-plans/{key}", PutPlanAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("PutAuditPlan")
            .WithSummary("Create or change a touchpoint's audit plan: scenarios per channel, the scorecard, audits a month per touchpoint or per employee.");
        api.MapPost("/audit-plans/{key}/schedule", ScheduleAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("ScheduleAuditPlan")
            .WithSummary("Schedule a month's audit tasks (?month=YYYY-MM, the current month by default); once per plan and month.");
        api.MapGet("/audit-tasks", ListTasksAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("ListAuditTasks")
            .WithSummary("Scheduled audit tasks by due date (?auditor=, ?status=due|overdue|done, ?month=YYYY-MM); an auditor sees their own.");
        api.MapPost("/audits", PostAuditAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("PostAudit")
            .WithSummary("Start a draft audit from a task, or from a plan and scenario.");
        api.MapGet("/audits", ListAuditsAsync).WithName("ListAudits")
            .WithSummary("Audits, newest first (?employee=, ?status=draft|submitted, ?plan=); an agent sees the submitted audits about them.");
        api.MapGet("/audits/{id:guid}", GetAuditAsync).WithName("GetAudit")
            .WithSummary("An audit with its evidence, reviews and the times measured from its linked conversation or order.");
        api.MapPut("/audits/{id:guid}", PutAuditAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("PutAudit")
            .WithSummary("Replace a draft audit's content.");
        api.MapPost("/audits/{id:guid}/evidence", PostEvidenceAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("PostAuditEvidence")
            .WithSummary("Upload photos to a draft audit (multipart, field \"file\"): JPEG, PNG or WebP by content, ≤ 10 MB each, ≤ 10 per audit.")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes));
        api.MapGet("/audits/{id:guid}/evidence/{number:int}", GetEvidenceAsync).WithName("GetAuditEvidence")
            .WithSummary("A photo of an audit, to those who may see the audit.");
        api.MapPost("/audits/{id:guid}/submit", SubmitAsync).RequireAuthorization(QualityEndpoints.ReviewPolicy).WithName("SubmitAudit")
            .WithSummary("Submit a draft with the scorecard's answers: a review per employee, published; the task is done.");
        return api;
    }

    private static Validation Paging(int page, int pageSize) => new Validation()
        .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
        .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));

    private static async Task<Results<Ok<AuditPlanPage>, ValidationProblem>> ListPlansAsync(TouchpointDb db, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var v = Paging(page, pageSize);
        return v.IsValid ? TypedResults.Ok(await AuditQueries.PlansAsync(db, page, pageSize, ct)) : v.ToProblem();
    }

    private static async Task<Results<Ok<AuditPlanResponse>, ProblemHttpResult>> GetPlanAsync(string key, TouchpointDb db, CancellationToken ct)
    {
        var plan = await db.Set<AuditPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, ct);
        return plan is null ? Problems.NotFound(Texts.Ui("Problem.Quality.AuditPlanNotFound", key)) : TypedResults.Ok(AuditQueries.ToResponse(plan));
    }

    private static async Task<Results<Ok<AuditPlanResponse>, Created<AuditPlanResponse>, ValidationProblem>> PutPlanAsync(
        string key, [FromBody] PutAuditPlanRequest? request, SaveAuditPlan save, HttpContext http, CancellationToken ct)
    {
        var (content, validation) = await save.ValidateAsync(key, request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var (plan, created) = await save.ExecuteAsync(key, content!, Actors.Describe(http.User), ct);
        var response = AuditQueries.ToResponse(plan);
        return created ? TypedResults.Created($"/api/v1/quality/audit-plans/{key}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<AuditScheduleResponse>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(string key, TouchpointDb db,
        ScheduleAudits schedule, CancellationToken ct, string? month = null)
    {
        var (year, monthNumber) = schedule.CurrentMonth();
        if (month is not null && !AuditScheduler.TryParseMonth(month, out year, out monthNumber))
        {
            return Problems.Invalid("month", Texts.Ui("Valid.Quality.Month"));
        }
        var plan = await db.Set<AuditPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, ct);
        if (plan is null)
        {
            return Problems.NotFound(Texts.Ui("Problem.Quality.AuditPlanNotFound", key));
        }
        var r = await schedule.ExecuteAsync(plan, year, monthNumber, ct);
        return TypedResults.Ok(new AuditScheduleResponse(key, r.Month, r.Seed, r.ScheduledNow, r.Tasks));
    }

    private static async Task<Results<Ok<AuditTaskPage>, ValidationProblem, ProblemHttpResult>> ListTasksAsync(TouchpointDb db, HttpContext http,
        TimeProvider time, CancellationToken ct, string? auditor = null, string? status = null, string? month = null, int page = 1, int pageSize = 50)
    {
        var v = Paging(page, pageSize)
            .Require(status is null || AuditTaskStatus.All.Contains(status), "status", Texts.Ui("Valid.Use", string.Join(", ", AuditTaskStatus.All)))
            .Require(month is null || AuditScheduler.TryParseMonth(month, out _, out _), "month", Texts.Ui("Valid.Quality.Month"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var self = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        string? auditorId = http.User.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) ? null : self;
        if (!string.IsNullOrWhiteSpace(auditor))
        {
            auditorId = await QualityQueries.UserIdByEmailAsync(db, auditor, ct) ?? "";
        }
        // Auditors see their own tasks; owners, admins and API keys anyone's (everyone's without ?auditor= for API keys).
        if (auditorId != self && !QualityAccess.Decides(http.User))
        {
            return Problems.Forbidden(Texts.Ui("Problem.Quality.OwnQueue"));
        }
        return TypedResults.Ok(await AuditQueries.TasksAsync(db, auditorId, status, month, time.GetUtcNow().UtcDateTime, page, pageSize, ct));
    }

    private static async Task<Results<Created<AuditResponse>, ValidationProblem, ProblemHttpResult>> PostAuditAsync(
        [FromBody] PostAuditRequest? request, SaveAudit save, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var (start, validation) = await save.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (start!.Task is { } task && task.AuditorId != http.User.FindFirstValue(ClaimTypes.NameIdentifier) && !QualityAccess.Decides(http.User))
        {
            return Problems.Forbidden(Texts.Ui("Problem.Quality.NotYourTask"));
        }
        var audit = await save.StartAsync(start, http.User, ct);
        return TypedResults.Created($"/api/v1/quality/audits/{audit.Id}", await AuditQueries.ToResponseAsync(db, audit, start.Plan, ct));
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> ListAuditsAsync(TouchpointDb db, HttpContext http,
        CancellationToken ct, string? employee = null, string? status = null, string? plan = null, int page = 1, int pageSize = 50)
    {
        var v = Paging(page, pageSize)
            .Require(status is null or AuditStatus.Draft or AuditStatus.Submitted, "status", Texts.Ui("Valid.Use", $"{AuditStatus.Draft}, {AuditStatus.Submitted}"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        string? employeeId = null;
        if (!string.IsNullOrWhiteSpace(employee))
        {
            employeeId = await QualityQueries.UserIdByEmailAsync(db, employee, ct);
            var only = QualityAccess.OnlyFor(http.User);
            if (only is not null && employeeId != only)
            {
                return Problems.Forbidden(Texts.Ui("Problem.Quality.OwnOnly"));
            }
            if (employeeId is null)
            {
                return TypedResults.Ok(new AuditPage([], page, pageSize, false));
            }
        }
        return TypedResults.Ok(await AuditQueries.AuditsAsync(db, http.User, employeeId, status, plan, page, pageSize, ct));
    }

    private static async Task<Results<Ok<AuditResponse>, ProblemHttpResult>> GetAuditAsync(Guid id, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var audit = await AuditQueries.AuditAsync(db, id, http.User, ct);
        return audit is null ? Problems.NotFound(Texts.Ui("Problem.Quality.AuditNotFound")) : TypedResults.Ok(audit);
    }

    private static ProblemHttpResult Refused(SaveAudit.Refusal refusal) => refusal switch
    {
        SaveAudit.Refusal.Forbidden => Problems.Forbidden(Texts.Ui("Problem.Quality.NotYourAudit")),
        SaveAudit.Refusal.Conflict => Problems.Conflict(Texts.Ui("Problem.Quality.AuditSubmitted")),
        _ => Problems.NotFound(Texts.Ui("Problem.Quality.AuditNotFound")),
    };

    private static async Task<Results<Ok<AuditResponse>, ValidationProblem, ProblemHttpResult>> PutAuditAsync(Guid id, [FromBody] PutAuditRequest? request,
        SaveAudit save, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var (audit, plan, refusal) = await save.DraftAsync(id, http.User, ct);
        if (refusal != SaveAudit.Refusal.None)
        {
            return Refused(refusal);
        }
        var v = new Validation();
        var content = await save.ValidateAsync(v, plan!, request, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        await save.UpdateAsync(audit!, content!, ct);
        return TypedResults.Ok(await AuditQueries.ToResponseAsync(db, audit!, plan!, ct));
    }

    private static async Task<Results<Created<AuditResponse>, ValidationProblem, ProblemHttpResult>> PostEvidenceAsync(Guid id, HttpRequest request,
        SaveAudit save, AddAuditEvidence add, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var (audit, plan, refusal) = await save.DraftAsync(id, http.User, ct);
        if (refusal != SaveAudit.Refusal.None)
        {
            return Refused(refusal);
        }
        if (!request.HasFormContentType)
        {
            return Problems.Invalid("file", Texts.Ui("Valid.Quality.NoFile"));
        }
        var form = await request.ReadFormAsync(ct);
        var uploads = form.Files.Select(f => new AddAuditEvidence.Upload(f.FileName, f.Length, f.OpenReadStream)).ToList();
        var (files, validation) = await add.ValidateAsync(audit!, uploads, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        await add.ExecuteAsync(audit!, files!, Actors.Describe(http.User), ct);
        return TypedResults.Created($"/api/v1/quality/audits/{id}", await AuditQueries.ToResponseAsync(db, audit!, plan!, ct));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetEvidenceAsync(Guid id, int number, TouchpointDb db, AddAuditEvidence files,
        HttpContext http, CancellationToken ct)
    {
        var audit = await db.Set<Audit>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        var evidence = audit is null || !AuditAccess.CanSee(http.User, audit) ? null
            : await db.Set<AuditEvidence>().AsNoTracking().FirstOrDefaultAsync(e => e.AuditId == id && e.Number == number, ct);
        if (evidence is null || files.PathOf(evidence) is not { } path)
        {
            return Problems.NotFound(Texts.Ui("Problem.Quality.EvidenceNotFound"));
        }
        // Only the sniffed image types are ever stored, so the stored type is safe to serve inline.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.PhysicalFile(path, evidence.ContentType);
    }

    private static async Task<Results<Ok<AuditSubmitted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(Guid id, [FromBody] SubmitAuditRequest? request,
        SaveAudit save, SubmitAudit submit, HttpContext http, CancellationToken ct)
    {
        var (audit, plan, refusal) = await save.DraftAsync(id, http.User, ct);
        if (refusal != SaveAudit.Refusal.None)
        {
            return Refused(refusal);
        }
        var (reviews, validation) = await submit.ValidateAsync(audit!, plan!, request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var written = await submit.ExecuteAsync(audit!, reviews!, http.User, ct);
        if (written is null)
        {
            return Problems.Conflict(Texts.Ui("Problem.Quality.AuditSubmittedMeanwhile"));
        }
        return TypedResults.Ok(new AuditSubmitted(id, [.. written.Select(r => new ReviewCreated(r.Id, r.Score, r.CriticalFailed, r.ScorecardVersion))]));
    }
}
