using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// PUT /api/v1/quality/audit-plans/{key}: a touchpoint's mystery-shopper plan — scenarios (key, channel, text in every
/// language), the scorecard, the monthly quota per touchpoint or per employee, auditors (auditors, service owners) and
/// the employees audited (agent addresses or routing team names; a per-employee quota needs some).
/// </summary>
public sealed class SaveAuditPlan(TouchpointDb db, TimeProvider time)
{
    public const int MaxScenarios = 50;
    public const int MaxPerMonth = 60;

    public sealed record Content(string Touchpoint, string Scorecard, LocalizedText Name, IReadOnlyList<AuditScenario> Scenarios, int PerMonth, string Per,
        AuditPlanPeople People, bool Active);

    public async Task<(Content? Content, Validation Validation)> ValidateAsync(string key, PutAuditPlanRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(SaveScorecard.IsValidKey(key), "key", Texts.Ui("Valid.Quality.Key"));
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        v.Require(request.Touchpoint is not null && QualityTouchpoints.All.Contains(request.Touchpoint), "touchpoint",
            Texts.Ui("Valid.Quality.Touchpoint", string.Join(", ", QualityTouchpoints.All)));
        if (string.IsNullOrWhiteSpace(request.Scorecard))
        {
            v.Add("scorecard", Texts.Ui("Valid.Required"));
        }
        else
        {
            v.Require(await db.Set<Scorecard>().AnyAsync(s => s.Key == request.Scorecard, ct), "scorecard",
                Texts.Ui("Valid.Quality.UnknownScorecard", request.Scorecard));
        }
        LocalizedText.Check(v, "name", request.Name, 200);

        var scenarios = request.Scenarios ?? [];
        v.Require(scenarios.Count is >= 1 and <= MaxScenarios, "scenarios", Texts.Ui("Valid.Between", 1, MaxScenarios));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenarios.Count && i < MaxScenarios; i++)
        {
            var s = scenarios[i];
            var at = $"scenarios[{i}]";
            if (s is null)
            {
                v.Add(at, Texts.Ui("Valid.Required"));
                continue;
            }
            if (!SaveScorecard.IsValidKey(s.Key))
            {
                v.Add($"{at}.key", Texts.Ui("Valid.Quality.Key"));
            }
            else if (!seen.Add(s.Key!))
            {
                v.Add($"{at}.key", Texts.Ui("Valid.Quality.Twice"));
            }
            v.Require(s.Channel is not null && AuditChannels.All.Contains(s.Channel), $"{at}.channel", Texts.Ui("Valid.Use", string.Join(", ", AuditChannels.All)));
            LocalizedText.Check(v, $"{at}.text", s.Text, 1000);
        }

        if (request.Quota is null)
        {
            v.Add("quota", Texts.Ui("Valid.Required"));
        }
        else
        {
            v.Require(request.Quota.PerMonth is >= 1 and <= MaxPerMonth, "quota.perMonth", Texts.Ui("Valid.Between", 1, MaxPerMonth));
            v.Require(request.Quota.Per is not null && AuditQuotaPer.All.Contains(request.Quota.Per), "quota.per",
                Texts.Ui("Valid.Use", string.Join(", ", AuditQuotaPer.All)));
        }

        var auditors = SaveAssignment.People(v, "auditors", request.Auditors, await AuditorsAsync(ct), "Valid.Quality.Reviewer");
        v.Require(request.Auditors is { Count: > 0 }, "auditors", Texts.Ui("Valid.Quality.Reviewers"));
        var agents = (await QualityQueries.AgentsAsync(db, ct)).ToDictionary(a => a.Email, a => a.Email, StringComparer.OrdinalIgnoreCase);
        var employees = new List<string>();
        var employeeList = request.Employees ?? [];
        if (employeeList.Count > SaveAssignment.MaxPeople)
        {
            v.Add("employees", Texts.Ui("Valid.Between", 0, SaveAssignment.MaxPeople));
        }
        for (var i = 0; i < employeeList.Count && i < SaveAssignment.MaxPeople; i++)
        {
            var value = employeeList[i]?.Trim();
            string? canonical = null;
            if (string.IsNullOrEmpty(value) || value.Length > 320)
            {
                v.Add($"employees[{i}]", Texts.Ui("Valid.Quality.Employee"));
            }
            else if (value.Contains('@'))
            {
                if (!agents.TryGetValue(value, out canonical))
                {
                    v.Add($"employees[{i}]", Texts.Ui("Valid.Quality.Employee"));
                }
            }
            else if (value.Length <= 64)
            {
                canonical = value;
            }
            else
            {
                v.Add($"employees[{i}]", Texts.Ui("Valid.Quality.Employee"));
            }
            if (canonical is not null)
            {
                if (employees.Contains(canonical, StringComparer.OrdinalIgnoreCase))
                {
                    v.Add($"employees[{i}]", Texts.Ui("Valid.Quality.Twice"));
                }
                else
                {
                    employees.Add(canonical);
                }
            }
        }
        if (request.Quota?.Per == AuditQuotaPer.Employee)
        {
            v.Require(employeeList.Count > 0, "employees", Texts.Ui("Valid.Quality.EmployeesForQuota"));
        }
        if (!v.IsValid)
        {
            return (null, v);
        }
        var clean = scenarios.Select(s => new AuditScenario { Key = s!.Key!, Channel = s.Channel!, Text = Trimmed(s.Text!) }).ToList();
        return (new Content(request.Touchpoint!, request.Scorecard!, Trimmed(request.Name!), clean, request.Quota!.PerMonth!.Value, request.Quota.Per!,
            new AuditPlanPeople { Auditors = auditors, Employees = employees }, request.Active ?? true), v);
    }

    private static LocalizedText Trimmed(Dictionary<string, string?> values) => new(values.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value?.Trim())));

    /// <summary>Who may audit: active auditors and service owners (and admins).</summary>
    private Task<IReadOnlyList<(string Id, string Email)>> AuditorsAsync(CancellationToken ct) => QualityQueries.ReviewersAsync(db, ct);

    public async Task<(AuditPlan Plan, bool Created)> ExecuteAsync(string key, Content content, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var plan = await db.Set<AuditPlan>().FirstOrDefaultAsync(p => p.Key == key, ct);
            var created = plan is null;
            if (plan is null)
            {
                plan = AuditPlan.Create(key, now);
                db.Set<AuditPlan>().Add(plan);
            }
            plan.Define(content.Touchpoint, content.Scorecard, content.Name, content.Scenarios, content.PerMonth, content.Per, content.People,
                content.Active, now, actor);
            try
            {
                await db.SaveChangesAsync(ct);
                return (plan, created);
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Two PUTs created the key at once: the second one changes the first one's row.
                db.ChangeTracker.Clear();
            }
        }
    }
}
