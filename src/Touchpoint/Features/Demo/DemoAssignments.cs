using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Demo;

/// <summary>
/// One weekly review cycle: the demo auditor reviews the three demo agents, two conversations each, drawn at once so
/// the auditor's "To review" tab has work on the first run.
/// </summary>
public sealed class DemoAssignments(TouchpointDb db, SaveAssignment save, DrawSample draw)
{
    public const string Key = "weekly-support";

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        if (await db.Set<Assignment>().AnyAsync(ct))
        {
            return 0;
        }
        var (content, validation) = await save.ValidateAsync(Key, new PutAssignmentRequest(
            "Cotygodniowa kontrola obsługi", Cadences.Weekly, 2, ["auditor@demo.touchpoint"],
            ["agent@demo.touchpoint", "agent.ru@demo.touchpoint", "agent.en@demo.touchpoint"], null, null, null, true, null, null, null,
            QualityDefaults.Support, true), ct);
        if (!validation.IsValid)
        {
            return 0;
        }
        var (assignment, _) = await save.ExecuteAsync(Key, content!, "demo", ct);
        return (await draw.ExecuteAsync(assignment, ct)).Samples;
    }
}
