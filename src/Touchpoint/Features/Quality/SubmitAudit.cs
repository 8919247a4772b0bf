using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/audits/{id}/submit: the auditor answers the plan's scorecard and submits the draft. Each employee
/// of the audit gets a review through <see cref="CreateReview"/> (the same checks: every criterion, values on their scale,
/// N/A where allowed), linked to the audit and published by the webhook like any review; the audit becomes read-only and
/// visible to its employees, and its task is done — all in one save.
/// </summary>
public sealed class SubmitAudit(TouchpointDb db, CreateReview create, TimeProvider time)
{
    public async Task<(IReadOnlyList<CreateReview.Checked>? Reviews, Validation Validation)> ValidateAsync(Audit audit, AuditPlan plan, SubmitAuditRequest? request,
        CancellationToken ct)
    {
        var v = new Validation();
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        if (audit.Employees.Items.Count == 0)
        {
            return (null, v.Add("employees", Texts.Ui("Valid.Quality.AuditEmployees")));
        }
        var reviews = new List<CreateReview.Checked>();
        foreach (var employee in audit.Employees.Items)
        {
            var (checkedReview, validation) = await create.ValidateAsync(new PostReviewRequest(plan.Scorecard, audit.ConversationNumber, audit.OrderNumber,
                employee.Email, request.Answers, request.Comment, audit.Id), ct);
            if (!validation.IsValid)
            {
                // The answers are the same for every employee: one employee's errors name them all ("reviewee" names the
                // employee who is no longer an active agent).
                foreach (var (field, messages) in validation.Errors)
                {
                    foreach (var message in messages)
                    {
                        v.Add(field == "reviewee" ? "employees" : field, message);
                    }
                }
                return (null, v);
            }
            reviews.Add(checkedReview!);
        }
        return (reviews, v);
    }

    public async Task<IReadOnlyList<Review>> ExecuteAsync(Audit audit, IReadOnlyList<CreateReview.Checked> reviews, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var reviewer = Actors.Describe(user);
        var written = reviews.Select(r => create.Stage(r, reviewer, now)).ToList();
        audit.Submit([.. written.Select(r => r.Id)], now);
        if (audit.TaskId is { } taskId && await db.Set<AuditTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct) is { } task && task.DoneAt is null)
        {
            task.Complete(audit.Id, now);
        }
        await db.SaveChangesAsync(ct);
        return written;
    }
}
