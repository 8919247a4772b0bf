using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Search;

public static class SearchKinds
{
    public const string Conversations = "conversations";
    public const string Customers = "customers";
    public const string Orders = "orders";

    public static readonly IReadOnlyList<string> All = [Conversations, Customers, Orders];
}

/// <summary>The search box's question: the text, which kinds (comma-separated; all when empty), how many of each.</summary>
public sealed record SearchRequest(string? Q, string? Kinds = null, int? Limit = null)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 50;

    public Validation Check(out IReadOnlyList<string> kinds)
    {
        var v = new Validation();
        if (SearchText.Problem(Q) is { } problem)
        {
            v.Add("q", Texts.Ui(problem, SearchText.MaxChars));
        }
        var list = new List<string>();
        foreach (var k in (Kinds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (SearchKinds.All.Contains(k)) { list.Add(k); }
            else { v.Add("kinds", Texts.Ui("Search.Valid.Kind", string.Join(", ", SearchKinds.All))); }
        }
        v.Require(Limit is null or >= 1 and <= MaxLimit, "limit", Texts.Ui("Valid.Between", 1, MaxLimit));
        kinds = list.Count == 0 ? SearchKinds.All : SearchKinds.All.Where(list.Contains).ToList();
        return v;
    }
}

/// <summary>One thing found: <paramref name="Snippet"/> is HTML (escaped text, matches in &lt;mark&gt;).</summary>
public sealed record SearchItem(string Kind, string Id, string Title, string Snippet, string Url, DateTime? At);

public sealed record SearchGroup(string Kind, IReadOnlyList<SearchItem> Items, bool More);

public sealed record SearchResponse(string Q, IReadOnlyList<SearchGroup> Groups);

/// <summary>
/// Search everywhere: conversations by number (exact) and by the words of their subject and messages (the text index),
/// customers by email and phone (their own indexes; a phone in any format, read as E.164 with the store's country) and by
/// the words of their name (prefix terms), orders by order or tracking number (exact, their own indexes). Every staff role
/// sees what the inbox, customers and orders pages show it — all of them; erased customers are not found.
/// </summary>
public sealed class RunSearch(TouchpointDb db, IOptions<StoreOptions> store)
{
    public async Task<SearchResponse> ExecuteAsync(SearchRequest request, IReadOnlyList<string> kinds, CancellationToken ct)
    {
        var q = request.Q!.Trim();
        var limit = request.Limit ?? SearchRequest.DefaultLimit;
        var words = SearchText.Words(q);
        var groups = new List<SearchGroup>();
        foreach (var kind in kinds)
        {
            var (items, more) = kind switch
            {
                SearchKinds.Conversations => await ConversationsAsync(q, words, limit, ct),
                SearchKinds.Customers => await CustomersAsync(q, words, limit, ct),
                _ => await OrdersAsync(q, limit, ct),
            };
            groups.Add(new SearchGroup(kind, items, more));
        }
        return new SearchResponse(q, groups);
    }

    private async Task<(List<SearchItem>, bool)> ConversationsAsync(string q, IReadOnlyList<string> words, int limit, CancellationToken ct)
    {
        var snippets = new Dictionary<long, string?>();
        if (SearchText.ConversationNumber(q) is { } number)
        {
            snippets[number] = null;
        }
        foreach (var hit in await SearchSql.ConversationsAsync(db, words, limit + 1, ct))
        {
            snippets.TryAdd(hit.Number, hit.Snippet);
        }
        var numbers = snippets.Keys.ToList();
        var rows = await db.Set<Conversation>().AsNoTracking().Where(c => numbers.Contains(c.Number))
            .Select(c => new { c.Number, c.Subject, c.Preview, c.Status, c.LastMessageAt }).ToListAsync(ct);
        var found = numbers.Join(rows, n => n, r => r.Number, (n, r) => new SearchItem(
                SearchKinds.Conversations, n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"#{n} {r.Subject}".Trim(),
                snippets[n] is { } s ? SearchText.Highlight(s) : System.Net.WebUtility.HtmlEncode(r.Preview),
                $"/conversations/{n}", r.LastMessageAt))
            .ToList();
        return (found.Take(limit).ToList(), found.Count > limit);
    }

    private async Task<(List<SearchItem>, bool)> CustomersAsync(string q, IReadOnlyList<string> words, int limit, CancellationToken ct)
    {
        var ids = new List<Guid>();
        if (SearchText.Email(q) is { } email)
        {
            ids.AddRange(await CustomerDirectory.WithEmail(db, db.Set<Customer>().AsNoTracking(), CustomerRules.NormalizeEmail(email))
                .Select(c => c.Id).Order().Take(limit + 1).ToListAsync(ct));
        }
        else if (SearchText.LooksLikePhone(q) && CustomerRules.ToE164(q.StartsWith("00", StringComparison.Ordinal) ? "+" + q[2..] : q, store.Value.Country) is { } e164)
        {
            ids.AddRange(await db.Set<Customer>().AsNoTracking().Where(c => c.Phone == e164 || c.Phones.Any(p => p.Number == e164))
                .Select(c => c.Id).Order().Take(limit + 1).ToListAsync(ct));
        }
        var terms = words.Select(w => SearchText.TermOf(SearchText.Normalize(w))).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderByDescending(t => t.Length).ToList();
        if (terms.Count > 0 && ids.Count <= limit)
        {
            var first = terms[0];
            var candidates = await db.Set<CustomerTerm>().AsNoTracking().Where(t => t.Term == first).Select(t => t.CustomerId)
                .Order().Take(terms.Count == 1 ? limit + 1 : 1000).ToListAsync(ct);
            foreach (var term in terms.Skip(1))
            {
                var within = candidates;
                candidates = await db.Set<CustomerTerm>().AsNoTracking().Where(t => t.Term == term && within.Contains(t.CustomerId))
                    .Select(t => t.CustomerId).ToListAsync(ct);
            }
            ids.AddRange(candidates.Where(c => !ids.Contains(c)));
        }
        if (ids.Count == 0)
        {
            return ([], false);
        }
        var rows = await db.Set<Customer>().AsNoTracking().Where(c => ids.Contains(c.Id) && c.ErasedAt == null)
            .Select(c => new { c.Id, c.Name, c.Email, c.Phone, c.UpdatedAt }).ToListAsync(ct);
        var found = ids.Distinct().Join(rows, i => i, r => r.Id, (_, r) => new SearchItem(
                SearchKinds.Customers, r.Id.ToString(), r.Name.Length > 0 ? r.Name : r.Email,
                SearchText.Highlight(Mark(string.Join(" · ", new[] { r.Name, r.Email, r.Phone is null ? null : CustomerRules.Display(r.Phone) }.Where(x => !string.IsNullOrEmpty(x))), q, words)),
                $"/customers/{r.Id}", r.UpdatedAt))
            .ToList();
        return (found.Take(limit).ToList(), found.Count > limit);
    }

    private async Task<(List<SearchItem>, bool)> OrdersAsync(string q, int limit, CancellationToken ct)
    {
        var code = SearchText.Code(q);
        var email = SearchText.Email(q);
        if (code is null && email is null)
        {
            return ([], false);
        }
        var query = db.Set<Order>().AsNoTracking();
        var upper = code?.ToUpperInvariant();
        query = email is not null
            ? query.Where(o => o.CustomerEmail == email)
            : query.Where(o => o.Number == code || o.Number == upper || o.TrackingNumber == code || o.TrackingNumber == upper);
        var rows = await query.OrderByDescending(o => o.PlacedAt).Take(limit + 1)
            .Select(o => new { o.Number, o.CustomerName, o.Status, o.TrackingNumber, o.StatusChangedAt }).ToListAsync(ct);
        var found = rows.Select(o => new SearchItem(
                SearchKinds.Orders, o.Number, o.Number,
                SearchText.Highlight(Mark(string.Join(" · ", new[] { o.CustomerName, o.Status.ToWire(), o.TrackingNumber }.Where(x => !string.IsNullOrEmpty(x))), q, [])),
                $"/orders/{Uri.EscapeDataString(o.Number)}", o.StatusChangedAt))
            .ToList();
        return (found.Take(limit).ToList(), found.Count > limit);
    }

    /// <summary>Marks (with \u0001 … \u0002) the whole query where it occurs, else each word that starts with a searched word.</summary>
    private static string Mark(string text, string q, IReadOnlyList<string> words)
    {
        var at = text.IndexOf(q, StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            return text[..at] + "\u0001" + text.Substring(at, q.Length) + "\u0002" + text[(at + q.Length)..];
        }
        if (words.Count == 0)
        {
            return text;
        }
        var normalized = words.Select(SearchText.Normalize).ToList();
        return System.Text.RegularExpressions.Regex.Replace(text, @"[\p{L}\p{N}]+", m =>
            normalized.Any(w => SearchText.Normalize(m.Value).StartsWith(w, StringComparison.Ordinal)) ? "\u0001" + m.Value + "\u0002" : m.Value);
    }
}
