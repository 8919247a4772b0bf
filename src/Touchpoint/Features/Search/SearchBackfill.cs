using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Jobs;

namespace Touchpoint.Features.Search;

/// <summary>
/// Indexes what the live indexer never saw: conversations and customers from before the index existed, and rows written
/// in bulk past SaveChanges (imports, the demo's benchmark volumes). Resumable by construction: each batch takes the
/// next numbers (emails) after the last one looked at and adds only those without an index row, so a pass cut short
/// — a crash, a lost lease — is finished by the next one, and the cursor lives in memory (a new process starts over,
/// skipping what is indexed at the cost of reading the keys once).
/// </summary>
public sealed partial class SearchBackfill(IServiceScopeFactory scopes, TimeProvider time, ILogger<SearchBackfill> logger)
    : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "search.backfill";
    public const int BatchSize = 2_000;

    private long _lastNumber;
    private string _lastEmail = "";

    public override string Name => JobName;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var db = pass.Db;
        var total = 0;
        while (await pass.RenewAsync(ct))
        {
            db.ChangeTracker.Clear();
            var after = _lastNumber;
            var numbers = await db.Set<Conversation>().AsNoTracking().Where(c => c.Number > after).OrderBy(c => c.Number)
                .Select(c => c.Number).Take(BatchSize).ToListAsync(ct);
            if (numbers.Count == 0)
            {
                break;
            }
            var last = numbers[^1];
            var indexed = await db.Set<ConversationDocument>().AsNoTracking().Where(d => d.Number > after && d.Number <= last)
                .Select(d => d.Number).ToListAsync(ct);
            var missing = numbers.Except(indexed).ToList();
            if (missing.Count > 0)
            {
                var conversations = await db.Set<Conversation>().AsNoTracking().Where(c => missing.Contains(c.Number))
                    .Select(c => new { c.Id, c.Number, c.Subject, c.Language, c.CreatedAt, c.LastMessageAt }).ToListAsync(ct);
                var ids = conversations.Select(c => c.Id).ToList();
                var messages = (await db.Set<ConversationMessage>().AsNoTracking().Where(m => ids.Contains(m.ConversationId))
                        .Select(m => new { m.ConversationId, m.Text, m.QuoteStart, m.CreatedAt }).ToListAsync(ct))
                    .ToLookup(m => m.ConversationId);
                foreach (var c in conversations)
                {
                    var doc = new ConversationDocument { Number = c.Number, Subject = c.Subject, Language = c.Language, At = c.CreatedAt };
                    foreach (var m in messages[c.Id].OrderBy(m => m.CreatedAt))
                    {
                        doc.Append(SearchIndexer.IndexedText(m.Text, m.QuoteStart), c.LastMessageAt);
                    }
                    doc.At = c.LastMessageAt;
                    db.Add(doc);
                }
                await db.SaveChangesAsync(ct);
                total += conversations.Count;
            }
            _lastNumber = last;
        }
        while (await pass.RenewAsync(ct))
        {
            db.ChangeTracker.Clear();
            var after = _lastEmail;
            var customers = await db.Set<Customer>().AsNoTracking().Where(c => c.Email.CompareTo(after) > 0).OrderBy(c => c.Email)
                .Select(c => new { c.Id, c.Email, c.Name, c.ErasedAt }).Take(BatchSize).ToListAsync(ct);
            if (customers.Count == 0)
            {
                break;
            }
            var ids = customers.Select(c => c.Id).ToList();
            var indexed = (await db.Set<CustomerTerm>().AsNoTracking().Where(t => t.Term == SearchIndexer.IndexedMarker && ids.Contains(t.CustomerId))
                .Select(t => t.CustomerId).ToListAsync(ct)).ToHashSet();
            foreach (var c in customers.Where(c => !indexed.Contains(c.Id)))
            {
                var terms = c.ErasedAt is null ? SearchText.NameTerms(c.Name).Append(SearchIndexer.IndexedMarker) : [SearchIndexer.IndexedMarker];
                foreach (var term in terms.Distinct(StringComparer.Ordinal))
                {
                    db.Add(new CustomerTerm { Term = term, CustomerId = c.Id });
                }
                total++;
            }
            await db.SaveChangesAsync(ct);
            _lastEmail = customers[^1].Email;
        }
        if (total > 0)
        {
            LogIndexed(total);
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search backfill indexed {Count} conversations and customers")]
    private partial void LogIndexed(int count);
}
