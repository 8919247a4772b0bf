using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Quality;

public sealed record ScriptTickResponse(string Script, string Question, string Group, bool Asked, string? Note, DateTime UpdatedAt, string UpdatedBy);

/// <summary>One SPIN group on a conversation: covered when at least one of its questions was ticked as asked.</summary>
public sealed record GroupCoverage(string Group, bool Covered, int Asked, IReadOnlyList<ScriptTickResponse> Ticks);

public sealed record ScriptCoverageResponse(long Conversation, string Topic, bool Sales, IReadOnlyList<GroupCoverage> Groups, IReadOnlyList<ScriptTickResponse> Ticks);

/// <summary>What the agent ticked on a conversation, and whether each SPIN group was covered (the sales scorecard's check).</summary>
public static class ScriptCoverage
{
    /// <summary>Whether a conversation is a sales one: the same rule that picks the sales scorecard (<see cref="ScorecardChoice"/>).</summary>
    public static bool IsSales(Channel channel, string topic) => ScorecardChoice.For(channel.ToWire(), topic) == QualityDefaults.Sales;

    /// <summary>The scorecard criterion that checks a SPIN group (the shipped sales scorecard has one per group).</summary>
    public static string CriterionKey(string group) => $"spin_{group}";

    /// <summary>
    /// The answers the ticks suggest for a scorecard's SPIN criteria: yes (1) when the group was covered, no (0) when
    /// not; criteria of other groups, or a scorecard without them, get nothing. The reviewer can change every one.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Suggest(Scorecard card, ScriptCoverageResponse coverage) =>
        coverage.Groups.Where(g => card.Find(CriterionKey(g.Group)) is { Scale: "yes_no" })
            .ToDictionary(g => CriterionKey(g.Group), g => g.Covered ? 1d : 0d, StringComparer.Ordinal);

    /// <summary>Null when the conversation does not exist.</summary>
    public static async Task<ScriptCoverageResponse?> ForAsync(TouchpointDb db, long conversation, CancellationToken ct)
    {
        var c = await db.Set<Conversation>().AsNoTracking().Where(x => x.Number == conversation).Select(x => new { x.Channel, x.Topic }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var ticks = (await db.Set<ScriptTick>().AsNoTracking().Where(t => t.ConversationNumber == conversation).ToListAsync(ct))
            .OrderBy(t => t.Script, StringComparer.Ordinal).ThenBy(t => t.UpdatedAt)
            .Select(t => new ScriptTickResponse(t.Script, t.Question, t.Group, t.Asked, t.Note, t.UpdatedAt, t.UpdatedBy)).ToList();
        var groups = SpinGroups.All.Select(g =>
        {
            var inGroup = ticks.Where(t => t.Group == g).ToList();
            var asked = inGroup.Count(t => t.Asked);
            return new GroupCoverage(g, asked > 0, asked, inGroup);
        }).ToList();
        return new ScriptCoverageResponse(conversation, c.Topic, IsSales(c.Channel, c.Topic), groups, ticks);
    }
}
