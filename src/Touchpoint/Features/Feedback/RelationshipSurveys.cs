using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Feedback;

/// <summary>
/// The relationship NPS on the store's schedule (<see cref="FeedbackSettings.RelationshipEveryMonths"/>, off when unset):
/// each pass schedules one survey, due at once, for customers of at least one cycle whose last relationship survey (sent
/// or skipped) is a cycle old or who never had one — the longest-standing first, at most the hourly send limit a pass, so
/// a large customer base is asked over the following hours instead of in one burst the sender would throttle anyway.
/// Erased customers, mystery shoppers and customers without an address are not asked. Whether a survey goes out is
/// still the sender's decision (quiet days, the NPS frequency by customer lifetime, an open conversation); a skipped one
/// counts as this cycle's and is not asked again before the next.
/// </summary>
public sealed class RelationshipSurveys(IServiceScopeFactory scopes, FeedbackSettingsStore settings, TimeProvider time, ILogger<RelationshipSurveys> logger)
    : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "feedback.relationship-schedule";

    public override string Name => JobName;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var s = await settings.GetAsync(ct);
        if (s.RelationshipEveryMonths is not { } months)
        {
            return 0;
        }
        var db = pass.Db;
        var now = pass.Now;
        var cycleStart = now.AddMonths(-months);
        var due = await db.Set<Customer>().AsNoTracking()
            .Where(c => c.ErasedAt == null && !c.MysteryShopper && !c.Email.EndsWith(".invalid") && c.CreatedAt <= cycleStart
                && !db.Set<Survey>().Any(x => x.CustomerId == c.Id && x.Touchpoint == SurveyTouchpoint.Relationship && x.CreatedAt > cycleStart))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Email, c.Language })
            .Take(s.MaxPerHour).ToListAsync(ct);
        var scheduled = 0;
        foreach (var c in due.Where(c => CustomerRules.HasMailbox(c.Email)))
        {
            db.Add(Survey.OnSchedule(c.Id, Languages.Normalize(c.Language), now));
            scheduled++;
        }
        await db.SaveChangesAsync(ct);
        return scheduled;
    }
}
