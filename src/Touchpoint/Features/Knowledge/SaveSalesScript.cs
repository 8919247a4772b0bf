using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

public sealed record ScriptQuestionRequest(string? Key, Dictionary<string, string?>? Text);

/// <summary>PUT /api/v1/knowledge/scripts/{key}: a topic or a product category (or neither, for every sales conversation), the name and the four groups.</summary>
public sealed record PutSalesScriptRequest(string? Topic, string? Category, Dictionary<string, string?>? Name, Dictionary<string, List<ScriptQuestionRequest?>?>? Groups);

/// <summary>Creates a sales script or replaces it. Question keys left out are numbered per group (s1, p1, i1, n1 …).</summary>
public sealed class SaveSalesScript(TouchpointDb db, TopicCatalog topics, TimeProvider time)
{
    public const int MaxQuestionsPerGroup = 20;
    public const int MaxQuestionChars = 300;

    public sealed record Content(string? Topic, string? Category, LocalizedText Name, IReadOnlyList<ScriptQuestion> Questions);

    private static string Prefix(string group) => group == SpinGroups.NeedPayoff ? "n" : group[..1];

    public async Task<(Content? Content, Validation Validation)> ValidateAsync(string key, PutSalesScriptRequest? request, CancellationToken ct)
    {
        var v = new Validation().Require(TopicAdmin.IsValidKey(key), "key", Texts.Ui("Valid.Knowledge.TopicKey"));
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        v.Require(request.Topic is null || (await topics.AllAsync(ct)).Any(t => t.Key == request.Topic), "topic", Texts.Ui("Valid.UnknownTopicSee"));
        v.Require(request.Category is null || TopicAdmin.IsValidKey(request.Category), "category", Texts.Ui("Valid.Knowledge.TopicKey"));
        v.Require(request.Topic is null || request.Category is null, "category", Texts.Ui("Valid.Knowledge.ScriptTopicOrCategory"));
        LocalizedText.Check(v, "name", request.Name, 200);
        var groups = request.Groups;
        if (groups is null || groups.Count == 0)
        {
            return (null, v.Add("groups", Texts.Ui("Valid.Knowledge.ScriptGroups", string.Join(", ", SpinGroups.All))));
        }
        foreach (var unknown in groups.Keys.Where(g => !SpinGroups.All.Contains(g)))
        {
            v.Add($"groups.{unknown}", Texts.Ui("Valid.Knowledge.ScriptGroups", string.Join(", ", SpinGroups.All)));
        }
        var questions = new List<ScriptQuestion>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in SpinGroups.All)
        {
            var list = groups.GetValueOrDefault(group);
            if (list is not { Count: >= 1 and <= MaxQuestionsPerGroup })
            {
                v.Add($"groups.{group}", Texts.Ui("Valid.Between", 1, MaxQuestionsPerGroup));
                continue;
            }
            for (var i = 0; i < list.Count; i++)
            {
                var at = $"groups.{group}[{i}]";
                if (list[i] is not { } q)
                {
                    v.Add(at, Texts.Ui("Valid.Required"));
                    continue;
                }
                var questionKey = q.Key ?? $"{Prefix(group)}{i + 1}";
                if (!SalesScript.IsValidQuestionKey(questionKey))
                {
                    v.Add($"{at}.key", Texts.Ui("Valid.Knowledge.QuestionKey"));
                }
                else if (!seen.Add(questionKey))
                {
                    v.Add($"{at}.key", Texts.Ui("Valid.Knowledge.DuplicateQuestion", questionKey));
                }
                LocalizedText.Check(v, $"{at}.text", q.Text, MaxQuestionChars);
                if (q.Text is not null)
                {
                    questions.Add(new ScriptQuestion { Key = questionKey, Group = group, Text = new LocalizedText(q.Text) });
                }
            }
        }
        return v.IsValid ? (new Content(request.Topic, request.Category, new LocalizedText(request.Name!), questions), v) : (null, v);
    }

    /// <summary>Stores the script (validate first); true when it was created.</summary>
    public async Task<(SalesScript Script, bool Created)> ExecuteAsync(string key, Content content, string actor, CancellationToken ct)
    {
        var script = await db.Set<SalesScript>().FirstOrDefaultAsync(s => s.Key == key, ct);
        var created = script is null;
        if (script is null)
        {
            script = SalesScript.Create(key);
            db.Add(script);
        }
        script.Replace(content.Topic, content.Category, content.Name, content.Questions, time.GetUtcNow().UtcDateTime, actor);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (created && ex.IsUniqueViolation())
        {
            throw new DomainRuleException(Texts.Ui("Problem.Knowledge.ScriptRace", key));
        }
        return (script, created);
    }
}
