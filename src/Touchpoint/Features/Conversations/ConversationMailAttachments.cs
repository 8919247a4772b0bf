using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Conversations;

/// <summary>The files of replies, for the mail that sends them: read from where the message keeps them when the mail goes out.</summary>
public sealed class ConversationMailAttachments(IServiceScopeFactory scopes) : IMailAttachments
{
    public async Task<IReadOnlyList<MailAttachment>> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var wanted = ids.ToList();
        var found = await db.Set<ConversationAttachment>().AsNoTracking()
            .Where(a => wanted.Contains(a.Id))
            .Select(a => new { a.Id, a.FileName, a.ContentType, a.Content!.Bytes })
            .ToListAsync(ct);
        // In the order the reply had them.
        return wanted.Select(id => found.FirstOrDefault(f => f.Id == id))
            .Where(f => f is not null).Select(f => new MailAttachment(f!.FileName, f.ContentType, f.Bytes)).ToList();
    }
}
