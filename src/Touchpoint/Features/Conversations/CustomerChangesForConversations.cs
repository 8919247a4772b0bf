using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Conversations;

/// <summary>What Conversations does for the CRM: follows merges and erasure of customers, and lists a customer's conversations.</summary>
internal sealed class CustomerChangesForConversations(TouchpointDb db, TimeProvider time)
    : IDomainEventHandler<CustomersMerged>, IDomainEventHandler<CustomerErased>, ICustomerRecords
{
    public const string ErasedText = "[erased]";

    public async Task HandleAsync(CustomersMerged e, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var conversation in await db.Set<Conversation>().Where(c => c.CustomerId == e.DuplicateId).ToListAsync(ct))
        {
            conversation.MoveToCustomer(e.SurvivorId, now, e.Actor);
        }
    }

    /// <summary>Texts, HTML and files of the customer's conversations go; conversation_facts stay untouched (append-only, no personal data).</summary>
    public async Task HandleAsync(CustomerErased e, CancellationToken ct)
    {
        // The bulk statements below run at once; only a surrounding transaction keeps the erasure all-or-nothing.
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Erasing a customer must run inside a transaction.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var conversations = await db.Set<Conversation>().Where(c => c.CustomerId == e.CustomerId).ToListAsync(ct);
        foreach (var conversation in conversations)
        {
            conversation.EraseCustomerData(now, e.Actor);
        }
        var ids = conversations.Select(c => c.Id).ToList();
        if (ids.Count == 0)
        {
            return;
        }
        var messages = db.Set<ConversationMessage>().Where(m => ids.Contains(m.ConversationId));
        var attachments = db.Set<ConversationAttachment>().Where(a => messages.Any(m => m.Id == a.MessageId));
        await db.Set<AttachmentContent>().Where(c => attachments.Any(a => a.Id == c.Id)).ExecuteDeleteAsync(ct);
        await attachments.ExecuteDeleteAsync(ct);
        await messages.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Text, ErasedText)
            .SetProperty(m => m.Html, (string?)null)
            .SetProperty(m => m.QuoteStart, (int?)null)
            .SetProperty(m => m.AuthorName, m => m.AuthorKind == "customer" ? ErasedText : m.AuthorName), ct);
    }

    public string Kind => CustomerRecordKinds.Conversations;

    public async Task<IReadOnlyList<CustomerRecord>> ListAsync(Guid customerId, int take, CancellationToken ct) =>
        (await db.Set<Conversation>().AsNoTracking().Where(c => c.CustomerId == customerId)
            .OrderByDescending(c => c.LastMessageAt).Take(take)
            .Select(c => new { c.Number, c.Subject, c.Status, c.Channel, c.LastMessageAt })
            .ToListAsync(ct))
        .Select(c => new CustomerRecord(c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Subject, c.Status.ToWire(), c.LastMessageAt, c.Channel.ToWire()))
        .ToList();

    public async Task<object> ExportAsync(Guid customerId, CancellationToken ct)
    {
        var conversations = await db.Set<Conversation>().AsNoTracking().Where(c => c.CustomerId == customerId).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var ids = conversations.Select(c => c.Id).ToList();
        var messages = (await db.Set<ConversationMessage>().AsNoTracking().Include(m => m.Attachments)
            .Where(m => ids.Contains(m.ConversationId)).OrderBy(m => m.CreatedAt).ToListAsync(ct)).ToLookup(m => m.ConversationId);
        return conversations.Select(c => new
        {
            c.Number, Channel = c.Channel.ToWire(), c.Subject, Status = c.Status.ToWire(), c.Topic, c.Language, c.CreatedAt, c.LastMessageAt, c.ResolvedAt,
            // Internal notes are staff's working notes about the customer: personal data too, so they are exported.
            Messages = messages[c.Id].Select(m => new
            {
                Type = m.Type.ToWire(), Author = m.AuthorName, m.Text, m.Html, m.CreatedAt,
                Attachments = m.Attachments.Select(a => new { a.FileName, a.ContentType, a.Size }),
            }),
        }).ToList();
    }
}

internal static class CustomerChangesForConversationsRegistration
{
    public static IServiceCollection AddCustomerChangesForConversations(this IServiceCollection services) =>
        services.AddScoped<CustomerChangesForConversations>()
            .AddScoped<IDomainEventHandler<CustomersMerged>>(sp => sp.GetRequiredService<CustomerChangesForConversations>())
            .AddScoped<IDomainEventHandler<CustomerErased>>(sp => sp.GetRequiredService<CustomerChangesForConversations>())
            .AddScoped<ICustomerRecords>(sp => sp.GetRequiredService<CustomerChangesForConversations>());
}
