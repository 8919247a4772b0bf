using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Web;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/audits/{id}/submit: the auditor answers the plan's scorecard and submits the draft. Each employee
/// of the audit gets a review through <see cref="CreateReview"/> (the same checks: every criterion, values on their scale,
/// N/A where allowed), linked to the audit and published by the webhook like any review; the audit becomes read-only and
/// visible to its employees, and its task is done — all in one transaction. Two submissions of one draft at once: the
/// first to turn the row from draft to submitted (a conditional update) writes its reviews, the other writes nothing.
/// </summary>
public sealed class SubmitAudit(TouchpointDb db, CreateReview create, TimeProvider time, OutboxSignal? outbox = null)
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

    /// <summary>The reviews written; null when another submission of the same draft came first (then nothing is written).</summary>
    public async Task<IReadOnlyList<Review>?> ExecuteAsync(Audit audit, IReadOnlyList<CreateReview.Checked> reviews, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var reviewer = Actors.Describe(user);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The claim: only one submission finds the row still a draft. On PostgreSQL a concurrent one waits for this
        // row's lock and then matches nothing; on SQLite the transactions run one after the other.
        var claimed = await db.Set<Audit>().Where(a => a.Id == audit.Id && a.Status == AuditStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AuditStatus.Submitted).SetProperty(a => a.UpdatedAt, now), ct);
        if (claimed == 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return null;
        }
        var written = reviews.Select(r => create.Stage(r, reviewer, now)).ToList();
        audit.Submit([.. written.Select(r => r.Id)], now);
        if (audit.TaskId is { } taskId && await db.Set<AuditTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct) is { } task && task.DoneAt is null)
        {
            task.Complete(audit.Id, now);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // SaveChanges inside a transaction leaves the outbox (the reviews' webhooks) to be woken once committed.
        outbox?.Notify();
        return written;
    }
}
