using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Channels.Email;

/// <summary>The mailboxes API: what the settings page does, for admins (the passwords they hold make them admin-only, no API keys).</summary>
public static class MailboxesEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/mailboxes").WithTags("Mailboxes").RequireAuthorization(Policies.Admin);
        api.MapGet("/", (TouchpointDb db, MailboxRegistry registry, CancellationToken ct) => MailboxQueries.ListAsync(db, registry, ct))
            .WithName("ListMailboxes")
            .WithSummary("Every mailbox Touchpoint reads: those of configuration (read-only) and those added in Settings, with the last read and the quarantined messages. Passwords are never shown.");
        api.MapPut("/{name}", PutAsync).WithName("PutMailbox")
            .WithSummary("Add or change a mailbox kept in Settings (IMAP host, port, security, user name, password, folder, language, enabled). Leave the password out to keep the stored one. Its reader restarts at once.");
        api.MapDelete("/{name}", DeleteAsync).WithName("DeleteMailbox")
            .WithSummary("Remove a mailbox kept in Settings; its reader stops and its conversations stay.");
        api.MapPost("/{name}/test", TestAsync).WithName("TestMailbox")
            .WithSummary("Connect, sign in and open the folder: the stored mailbox without a body, or the one in the body (the stored password when it has none). Saves nothing.");
    }

    private static async Task<Results<Ok<MailboxResponse>, Created<MailboxResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string name, [FromBody] PutMailboxRequest? request, SaveMailbox save, TouchpointDb db, MailboxRegistry registry, HttpContext http, CancellationToken ct)
    {
        var (content, validation) = SaveMailbox.Validate(name, request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var outcome = await save.ExecuteAsync(name, content!, Actors.Describe(http.User), ct);
        if (outcome == SaveMailbox.Outcome.Configured)
        {
            return Problems.Conflict(Texts.Ui("Mailboxes.Error.Configured", name));
        }
        var saved = (await MailboxQueries.ListAsync(db, registry, ct)).Single(m => m.Name == name);
        return outcome == SaveMailbox.Outcome.Created ? TypedResults.Created($"/api/v1/mailboxes/{name}", saved) : TypedResults.Ok(saved);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, DeleteMailbox delete, CancellationToken ct) =>
        await delete.ExecuteAsync(name, ct) switch
        {
            DeleteMailbox.Outcome.Deleted => TypedResults.NoContent(),
            DeleteMailbox.Outcome.Configured => Problems.Conflict(Texts.Ui("Mailboxes.Error.Configured", name)),
            _ => Problems.NotFound(Texts.Ui("Problem.Mailbox.NotFound", name)),
        };

    private static async Task<Results<Ok<MailboxTestResponse>, ValidationProblem, ProblemHttpResult>> TestAsync(
        string name, [FromBody] PutMailboxRequest? request, TestMailbox test, CancellationToken ct)
    {
        SaveMailbox.Content? edited = null;
        if (request is not null)
        {
            var (content, validation) = SaveMailbox.Validate(name, request);
            if (!validation.IsValid)
            {
                return validation.ToProblem();
            }
            edited = content;
        }
        var result = await test.ExecuteAsync(name, edited, ct);
        return result is null ? Problems.NotFound(Texts.Ui("Problem.Mailbox.NotFound", name)) : TypedResults.Ok(result);
    }
}
