using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>PUT /api/v1/conversations/{number}/script/{script}/{question}: the question was asked (or not), with the customer's answer as a note.</summary>
public sealed record MarkScriptQuestionRequest(bool? Asked, string? Note);

/// <summary>Ticks or unticks one SPIN question on a conversation and keeps the note; unticking keeps the note.</summary>
public sealed class MarkScriptQuestion(TouchpointDb db, TimeProvider time)
{
    public sealed record Checked(long Conversation, string Script, string Question, string Group, bool Asked, string? Note);

    /// <summary>Null with no errors when the conversation does not exist (404).</summary>
    public async Task<(Checked? Request, Validation Validation)> ValidateAsync(long conversation, string script, string question, MarkScriptQuestionRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        if (!await db.Set<Conversation>().AnyAsync(c => c.Number == conversation, ct))
        {
            return (null, v);
        }
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        var found = await SalesScriptQueries.GetAsync(db, script, ct);
        v.Require(found is not null, "script", Texts.Ui("Valid.Quality.ScriptUnknown"));
        var q = found?.Find(question);
        v.Require(found is null || q is not null, "question", Texts.Ui("Valid.Quality.ScriptQuestion", question));
        v.Require(request.Asked is not null, "asked", Texts.Ui("Valid.Required"));
        v.Require((request.Note?.Trim().Length ?? 0) <= ScriptTick.MaxNoteChars, "note", Texts.Ui("Valid.MaxChars", ScriptTick.MaxNoteChars));
        return v.IsValid ? (new Checked(conversation, script, question, q!.Group, request.Asked!.Value, request.Note), v) : (null, v);
    }

    public async Task<ScriptTick> ExecuteAsync(Checked request, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tick = await db.Set<ScriptTick>().FirstOrDefaultAsync(t => t.ConversationNumber == request.Conversation && t.Script == request.Script && t.Question == request.Question, ct);
            if (tick is null)
            {
                tick = ScriptTick.Start(request.Conversation, request.Script, request.Question);
                db.Add(tick);
            }
            tick.Mark(request.Group, request.Asked, request.Note, time.GetUtcNow().UtcDateTime, actor);
            try
            {
                await db.SaveChangesAsync(ct);
                return tick;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Another tab ticked the same question at the same moment: apply this one over it.
                db.ChangeTracker.Clear();
            }
        }
    }
}
