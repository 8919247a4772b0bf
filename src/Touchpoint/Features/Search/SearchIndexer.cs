using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Search;

/// <summary>
/// Keeps the search index in step with what is saved, inside the same SaveChanges (so a message is findable the moment
/// its save commits, and an index row never outlives a rolled-back change): a new conversation and each new message go
/// into the text index; an erased customer's conversations leave it; a customer's name terms follow every save of the
/// customer (added, renamed, merged away, erased). Rows from before the index, or written in bulk past SaveChanges,
/// are added by <see cref="SearchBackfill"/>.
/// </summary>
internal sealed class SearchIndexer(TouchpointDb db)
    : IDomainEventHandler<ConversationCreated>, IDomainEventHandler<MessageAdded>, IDomainEventHandler<CustomerErased>, ISaveParticipant
{
    /// <summary>The marker term: the customer's name is in the index (an empty name has no other term).</summary>
    public const string IndexedMarker = "";

    public async Task HandleAsync(ConversationCreated e, CancellationToken ct)
    {
        var c = e.Conversation;
        if (await db.Set<ConversationDocument>().FindAsync([c.Number], ct) is not null)
        {
            return;
        }
        var doc = new ConversationDocument { Number = c.Number, Subject = c.Subject, Language = c.Language, At = c.CreatedAt };
        doc.Append(IndexedText(e.FirstMessage.Text, e.FirstMessage.QuoteStart), c.LastMessageAt);
        db.Add(doc);
    }

    public async Task HandleAsync(MessageAdded e, CancellationToken ct)
    {
        // Not indexed yet (older than the index): the backfill indexes it whole, this message included.
        if (await db.Set<ConversationDocument>().FindAsync([e.Conversation.Number], ct) is { } doc)
        {
            doc.Append(IndexedText(e.Message.Text, e.Message.QuoteStart), e.Conversation.LastMessageAt);
        }
    }

    public async Task HandleAsync(CustomerErased e, CancellationToken ct)
    {
        var numbers = await db.Set<Conversation>().AsNoTracking().Where(c => c.CustomerId == e.CustomerId).Select(c => c.Number).ToListAsync(ct);
        foreach (var number in numbers)
        {
            if (await db.Set<ConversationDocument>().FindAsync([number], ct) is { } doc)
            {
                doc.Subject = "";
                doc.Body = "";
            }
        }
    }

    public async Task BeforeWriteAsync(TouchpointDb context, CancellationToken ct)
    {
        var changed = context.ChangeTracker.Entries<Customer>()
            .Where(x => x.State is EntityState.Added or EntityState.Deleted
                || (x.State == EntityState.Modified && (x.Property(c => c.Name).IsModified || x.Property(c => c.ErasedAt).IsModified)))
            .Select(x => (x.Entity.Id, Terms: x.State == EntityState.Deleted ? null : Terms(x.Entity), Added: x.State == EntityState.Added))
            .ToList();
        foreach (var (id, terms, added) in changed)
        {
            var existing = added ? [] : await context.Set<CustomerTerm>().Where(t => t.CustomerId == id).ToListAsync(ct);
            await ReplaceAsync(context, id, existing, terms, ct);
        }
    }

    /// <summary>A customer's terms with the marker; an erased customer keeps only the marker.</summary>
    public static IReadOnlySet<string> Terms(Customer c) =>
        c.IsErased ? new HashSet<string>(StringComparer.Ordinal) { IndexedMarker }
            : new HashSet<string>(SearchText.NameTerms(c.Name).Append(IndexedMarker), StringComparer.Ordinal);

    private static Task ReplaceAsync(TouchpointDb context, Guid id, List<CustomerTerm> existing, IReadOnlySet<string>? terms, CancellationToken ct)
    {
        foreach (var old in existing.Where(t => terms is null || !terms.Contains(t.Term)))
        {
            context.Remove(old);
        }
        foreach (var term in (terms ?? new HashSet<string>()).Where(t => existing.All(x => x.Term != t)))
        {
            // The same term may already be tracked as deleted in this save (removed, then given back): take it back.
            var tracked = context.ChangeTracker.Entries<CustomerTerm>().FirstOrDefault(x => x.Entity.CustomerId == id && x.Entity.Term == term);
            if (tracked is not null)
            {
                tracked.State = tracked.State == EntityState.Deleted ? EntityState.Unchanged : tracked.State;
                continue;
            }
            context.Add(new CustomerTerm { Term = term, CustomerId = id });
        }
        _ = ct;
        return Task.CompletedTask;
    }

    /// <summary>What of a message is indexed: its own text, without the quoted earlier mail.</summary>
    public static string IndexedText(string text, int? quoteStart) =>
        quoteStart is { } q && q >= 0 && q <= text.Length ? text[..q] : text;
}
