using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Customers;

public sealed record CustomerFilter(string? Email = null, string? Phone = null, string? Q = null, string? Tag = null);

public static class CustomerQueries
{
    public const int RecordsOnProfile = 50;

    /// <summary>Search for the API and the workspace: by any email, any phone (E.164), name or address part, tag; names A-Z.</summary>
    public static async Task<CustomerPage> ListAsync(TouchpointDb db, AccountManagers managers, CustomerFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var query = db.Set<Customer>().AsNoTracking();
        if (filter.Email is { } email)
        {
            query = CustomerDirectory.WithEmail(db, query, CustomerRules.NormalizeEmail(email));
        }
        if (filter.Phone is { } phone)
        {
            query = query.Where(c => c.Phone == phone || c.Phones.Any(p => p.Number == phone));
        }
        if (filter.Tag is { } tag)
        {
            query = query.Where(c => c.Tags.Any(t => t.Tag == tag));
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var lower = q.ToLowerInvariant();
            // SQLite's lower() knows only ASCII: the text as typed is tried too, so "Ольга" finds "Ольга".
            // (SQL, not .NET: the StringComparison overloads the analyzer suggests do not translate.)
#pragma warning disable CA1862
            query = query.Where(c => c.Name.Contains(q) || c.Name.ToLower().Contains(lower) || c.Email.Contains(lower)
                || c.Emails.Any(e => e.Email.Contains(lower)) || c.Phone == q || c.Tags.Any(t => t.Tag == lower));
#pragma warning restore CA1862
        }
        var rows = await query
            .OrderBy(c => c.Name == "").ThenBy(c => c.Name).ThenBy(c => c.Email)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)
            .Select(c => new { c.Id, c.Name, c.Email, c.Phone, c.Language, Tags = c.Tags.Select(t => t.Tag).ToList(), c.AccountManagerId, c.ErasedAt, c.CreatedAt })
            .ToListAsync(ct);
        var managerIds = rows.Select(r => r.AccountManagerId).OfType<string>().Distinct().ToList();
        var emails = managerIds.Count == 0 ? new Dictionary<string, string>()
            : await db.Set<Platform.Web.TouchpointUser>().AsNoTracking().Where(u => managerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        var items = rows.Take(pageSize).Select(r => new CustomerSummary(
            r.Id, r.Name, r.Email, r.Phone, r.Language, r.Tags.Order(StringComparer.Ordinal).ToList(),
            r.AccountManagerId is null ? null : emails.GetValueOrDefault(r.AccountManagerId), r.ErasedAt is not null, r.CreatedAt)).ToList();
        return new CustomerPage(items, page, pageSize, rows.Count > pageSize);
    }

    /// <summary>Loads the customer with everything that belongs to the profile (tracked when it is to be changed).</summary>
    public static Task<Customer?> FindAsync(TouchpointDb db, Guid id, bool track, CancellationToken ct)
    {
        var query = db.Set<Customer>().Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).Include(c => c.Notes).Include(c => c.History)
            .AsSplitQuery();
        return (track ? query : query.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    public static async Task<CustomerResponse?> LoadAsync(TouchpointDb db, AccountManagers managers, IEnumerable<ICustomerRecords> sources, Guid id, string language, CancellationToken ct)
    {
        var customer = await FindAsync(db, id, track: false, ct);
        return customer is null ? null : await ToResponseAsync(customer, managers, sources, language, ct);
    }

    public static async Task<CustomerResponse> ToResponseAsync(Customer c, AccountManagers managers, IEnumerable<ICustomerRecords> sources, string language, CancellationToken ct)
    {
        var records = new Dictionary<string, IReadOnlyList<CustomerRecord>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            records[source.Kind] = await source.ListAsync(c.Id, RecordsOnProfile, ct);
        }
        var manager = await managers.ByIdAsync(c.AccountManagerId, ct);
        return new CustomerResponse(
            c.Id, c.Name, c.Email, c.AllEmails().ToList(), c.AllPhones().ToList(), c.Language, c.TagNames().ToList(), c.ProfileNote,
            manager is null ? null : new AccountManagerRef(manager.Email, manager.Name, manager.Active),
            new StyleResponse(c.Openness.ToWire(), c.Confidence.ToWire(), c.StyleNotes, CustomerRules.Approach(c.Openness, c.Confidence, language)),
            c.IsErased, c.CreatedAt, c.UpdatedAt,
            c.Notes.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Select(n => new NoteResponse(n.Id, n.Text, n.Author, n.CreatedAt)).ToList(),
            c.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new CustomerHistoryResponse(h.Kind, h.From, h.To, h.Actor, h.At)).ToList(),
            records.GetValueOrDefault(CustomerRecordKinds.Orders) ?? [],
            records.GetValueOrDefault(CustomerRecordKinds.Conversations) ?? []);
    }
}
