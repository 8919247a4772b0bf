using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Conversations;

public sealed record ConversationFilter
{
    public IReadOnlyList<ConversationStatus> Statuses { get; init; } = [];
    public string? Topic { get; init; }
    public Channel? Channel { get; init; }

    /// <summary>A user id; with <see cref="Unassigned"/> false and this null, any assignee.</summary>
    public string? AssigneeId { get; init; }
    public bool Unassigned { get; init; }
    public Guid? CustomerId { get; init; }
    public long? Number { get; init; }

    /// <summary>Soonest SLA due time first (overdue at the top, nothing running last) instead of latest activity first.</summary>
    public bool ByDueTime { get; init; }

    /// <summary>A column the person chose to sort by; wins over <see cref="ByDueTime"/>.</summary>
    public ConversationSort? Sort { get; init; }
}

/// <summary>
/// A queue's sort column and direction, written <c>field</c> (ascending) or <c>-field</c> (descending) in URLs and the
/// API. Number, updated and due follow existing indexes; subject has its own; status and priority order by their
/// lifecycle and weight (not their names) within the filtered rows; customer sorts by the customers' name index.
/// </summary>
public sealed record ConversationSort(string Field, bool Descending)
{
    public static readonly IReadOnlyList<string> Fields = ["number", "subject", "customer", "status", "priority", "due", "updated"];

    public string Wire => (Descending ? "-" : "") + Field;

    public static bool TryParse(string? text, out ConversationSort? sort)
    {
        sort = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var descending = text.StartsWith('-');
        var field = descending ? text[1..] : text;
        if (!Fields.Contains(field))
        {
            return false;
        }
        sort = new ConversationSort(field, descending);
        return true;
    }

    /// <summary>The direction a column takes when first clicked: the newest, highest, most urgent first where that is what people look for.</summary>
    public static ConversationSort First(string field) => new(field, field is "number" or "priority" or "updated");

    /// <summary>The sort after clicking <paramref name="field"/>'s header: the other direction on the same column, else that column's first.</summary>
    public ConversationSort Toggle(string field) => field == Field ? this with { Descending = !Descending } : First(field);
}

public static class ConversationQueries
{
    public static IQueryable<Conversation> Apply(this IQueryable<Conversation> query, ConversationFilter f)
    {
        if (f.Statuses.Count == 1)
        {
            var s = f.Statuses[0];
            query = query.Where(c => c.Status == s);
        }
        else if (f.Statuses.Count > 1)
        {
            var list = f.Statuses.ToList();
            query = query.Where(c => list.Contains(c.Status));
        }
        if (f.Topic is { } topic)
        {
            query = query.Where(c => c.Topic == topic);
        }
        if (f.Channel is { } channel)
        {
            query = query.Where(c => c.Channel == channel);
        }
        if (f.Unassigned)
        {
            query = query.Where(c => c.AssigneeId == null);
        }
        else if (f.AssigneeId is { } assignee)
        {
            query = query.Where(c => c.AssigneeId == assignee);
        }
        if (f.CustomerId is { } customer)
        {
            query = query.Where(c => c.CustomerId == customer);
        }
        if (f.Number is { } number)
        {
            query = query.Where(c => c.Number == number);
        }
        return query;
    }

    /// <summary>One page of a queue, latest activity first (or as sorted); one extra row tells whether there is more. Never loads messages.</summary>
    public static async Task<ConversationPage> ListAsync(TouchpointDb db, StaffDirectory staff, ConversationFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var query = db.Set<Conversation>().AsNoTracking().Apply(filter);
        var joined = filter.Sort is { Field: "customer" } bySort
            // Only this sort needs the customer before the page is cut: the others join after Skip/Take, on 50 rows.
            ? (bySort.Descending
                ? query.Join(db.Set<Customer>(), c => c.CustomerId, p => p.Id, (c, p) => new { c, p }).OrderByDescending(x => x.p.Name).ThenByDescending(x => x.c.Number)
                : query.Join(db.Set<Customer>(), c => c.CustomerId, p => p.Id, (c, p) => new { c, p }).OrderBy(x => x.p.Name).ThenBy(x => x.c.Number))
                .Skip((page - 1) * pageSize).Take(pageSize + 1)
            : Order(query, filter).Skip((page - 1) * pageSize).Take(pageSize + 1)
                .Join(db.Set<Customer>(), c => c.CustomerId, p => p.Id, (c, p) => new { c, p });
        var rows = await joined
            .Select(x => new
            {
                x.c.Number, x.c.Subject, x.c.Status, x.c.Channel, x.c.Topic, x.c.Priority, x.c.AssigneeId, x.c.AssignmentReason, x.c.Preview, x.c.MessageCount,
                x.c.CreatedAt, x.c.LastMessageAt, x.c.FirstReplyAt, x.c.SlaDueAt, x.c.SlaState,
                CustomerId = x.p.Id, x.p.Email, x.p.Name, x.p.Phone, x.p.Language,
            })
            .ToListAsync(ct);
        var people = await staff.AllAsync(ct);
        var items = rows.Take(pageSize)
            .Select(r => new ConversationSummary(r.Number, r.Subject, r.Status.ToWire(), r.Channel.ToWire(), r.Topic, r.Priority.ToWire(),
                Person(people, r.AssigneeId), r.AssignmentReason, new CustomerRef(r.CustomerId, r.Email, r.Name, r.Phone, r.Language),
                r.Preview, r.MessageCount, r.CreatedAt, r.LastMessageAt, r.FirstReplyAt, r.SlaDueAt, r.SlaState))
            .ToList();
        return new ConversationPage(items, page, pageSize, rows.Count > pageSize);
    }

    /// <summary>The order of a queue; every order ends on the number so pages never repeat or skip a row between ties.</summary>
    public static IOrderedQueryable<Conversation> Order(IQueryable<Conversation> query, ConversationFilter filter)
    {
        if (filter.Sort is not { } sort)
        {
            return filter.ByDueTime
                ? query.OrderBy(c => c.SlaDueAt == null).ThenBy(c => c.SlaDueAt).ThenByDescending(c => c.LastMessageAt)
                : query.OrderByDescending(c => c.LastMessageAt);
        }
        var d = sort.Descending;
        return sort.Field switch
        {
            "number" => d ? query.OrderByDescending(c => c.Number) : query.OrderBy(c => c.Number),
            "subject" => (d ? query.OrderByDescending(c => c.Subject) : query.OrderBy(c => c.Subject)).ThenByDescending(c => c.Number),
            // Stored as names: ordered by lifecycle and weight, not alphabetically.
            "status" => (d ? query.OrderByDescending(StatusRank) : query.OrderBy(StatusRank)).ThenByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Number),
            "priority" => (d ? query.OrderByDescending(PriorityRank) : query.OrderBy(PriorityRank)).ThenByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Number),
            // Nothing running (no due time) sits last either way.
            "due" => (d ? query.OrderBy(c => c.SlaDueAt == null).ThenByDescending(c => c.SlaDueAt) : query.OrderBy(c => c.SlaDueAt == null).ThenBy(c => c.SlaDueAt)).ThenByDescending(c => c.Number),
            _ => (d ? query.OrderByDescending(c => c.LastMessageAt) : query.OrderBy(c => c.LastMessageAt)).ThenByDescending(c => c.Number),
        };
    }

    private static readonly System.Linq.Expressions.Expression<Func<Conversation, int>> StatusRank = c =>
        c.Status == ConversationStatus.New ? 0 : c.Status == ConversationStatus.Open ? 1 : c.Status == ConversationStatus.Pending ? 2
        : c.Status == ConversationStatus.Resolved ? 3 : 4;

    private static readonly System.Linq.Expressions.Expression<Func<Conversation, int>> PriorityRank = c =>
        c.Priority == Priority.Low ? 0 : c.Priority == Priority.Normal ? 1 : c.Priority == Priority.High ? 2 : 3;

    public static PersonRef? Person(IReadOnlyList<StaffMember> people, string? id) =>
        id is null ? null : people.FirstOrDefault(p => p.Id == id) is { } m ? new PersonRef(m.Id, m.Email, m.Name) : new PersonRef(id, "", id);

    /// <summary>Counts per status (and of unassigned open work, and of one agent's open work) for queue badges.</summary>
    public static async Task<QueueCounts> CountsAsync(TouchpointDb db, FinishedCounts finished, string? userId, CancellationToken ct)
    {
        var open = new[] { ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending };
        // The active statuses are a small range of the status index: counted exactly on every call.
        var byStatus = await db.Set<Conversation>().AsNoTracking().Where(c => open.Contains(c.Status))
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var unassigned = await db.Set<Conversation>().AsNoTracking().Where(c => c.AssigneeId == null && open.Contains(c.Status)).CountAsync(ct);
        var mine = userId is null ? 0 : await db.Set<Conversation>().AsNoTracking().Where(c => c.AssigneeId == userId && open.Contains(c.Status)).CountAsync(ct);
        var (resolved, closed) = await finished.GetAsync(db, ct);
        int Of(ConversationStatus s) => byStatus.FirstOrDefault(x => x.Key == s)?.Count ?? 0;
        return new QueueCounts(mine, unassigned, Of(ConversationStatus.New) + Of(ConversationStatus.Open) + Of(ConversationStatus.Pending), Of(ConversationStatus.Pending), resolved, closed);
    }

    public static async Task<ConversationResponse?> LoadAsync(TouchpointDb db, StaffDirectory staff, OrdersOptions orders, long number, bool includeNotes, DateTime now, CancellationToken ct)
    {
        var c = await db.Set<Conversation>().AsNoTracking()
            .Include(x => x.Messages).ThenInclude(m => m.Attachments)
            .Include(x => x.History)
            .Include(x => x.Orders)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Number == number, ct);
        if (c is null)
        {
            return null;
        }
        var customer = await db.Set<Customer>().AsNoTracking().Where(p => p.Id == c.CustomerId)
            .Select(p => new CustomerRef(p.Id, p.Email, p.Name, p.Phone, p.Language)).FirstAsync(ct);
        var orderIds = c.Orders.Select(o => o.OrderId).ToList();
        var linked = await db.Set<Order>().AsNoTracking().Where(o => orderIds.Contains(o.Id))
            .Select(o => new { o.Number, o.Status, o.PaidAt, o.Carrier, o.TrackingNumber, o.TrackingToken, o.PlacedAt, o.Total, o.Currency })
            .ToListAsync(ct);
        var people = await staff.AllAsync(ct);
        return new ConversationResponse(
            c.Number, c.Subject, c.Status.ToWire(), c.Channel.ToWire(), c.Topic, c.Priority.ToWire(), Person(people, c.AssigneeId), c.AssignmentReason, customer,
            c.Language, c.Mailbox, c.FollowUpOf, c.CreatedAt, c.UpdatedAt, c.LastMessageAt, c.FirstReplyAt, c.ResolvedAt,
            linked.OrderByDescending(o => o.PlacedAt).Select(o => new LinkedOrder(o.Number, o.Status.ToWire(), o.PaidAt is not null, o.Carrier, o.TrackingNumber,
                OrderResponse.TrackingLink(orders, o.TrackingToken), o.PlacedAt, o.Total, o.Currency)).ToList(),
            c.Messages.Where(m => includeNotes || m.Type != MessageType.Note).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => ToResponse(c.Number, m)).ToList(),
            c.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryResponse(h.Kind, h.From, h.To, h.Actor, h.At)).ToList(),
            SlaResponse.From(c.SlaState, c.SlaDueAt, now));
    }

    /// <summary>A staff member who answered a conversation publicly: how many replies, and when the last one went.</summary>
    public sealed record Replier(string UserId, int Replies, DateTime LastAt);

    /// <summary>Who replied publicly to conversation <paramref name="number"/> (notes are not replies), most replies and latest first.</summary>
    public static async Task<IReadOnlyList<Replier>> PublicRepliersAsync(TouchpointDb db, long number, CancellationToken ct)
    {
        var rows = await (from c in db.Set<Conversation>().AsNoTracking()
                          where c.Number == number
                          from m in c.Messages
                          where m.Type == MessageType.Reply && m.AuthorId != null
                          group m by m.AuthorId into g
                          select new { UserId = g.Key!, Replies = g.Count(), LastAt = g.Max(m => m.CreatedAt) }).ToListAsync(ct);
        return [.. rows.Select(r => new Replier(r.UserId, r.Replies, r.LastAt)).OrderByDescending(r => r.Replies).ThenByDescending(r => r.LastAt)];
    }

    public static MessageResponse ToResponse(long number, ConversationMessage m) => new(
        m.Id, m.Type.ToWire(), m.Direction, m.AuthorKind, m.AuthorName, m.Text, m.Html, m.QuoteStart, m.InternetMessageId,
        m.Attachments.Select(a => new AttachmentResponse(a.Id, a.FileName, a.ContentType, a.Size, a.Inline, a.ContentId,
            $"/api/v1/conversations/{number}/attachments/{a.Id}")).ToList(),
        m.CreatedAt, Copies(m.Cc), Copies(m.Bcc));

    private static IReadOnlyList<string>? Copies(string? list) => list is null ? null : PostStaffMessage.SplitAddresses(list);
}

/// <summary>
/// The resolved and closed counts, held for a few seconds. Finished work is most of a store's conversations, and
/// counting it reads its whole index range: about 0.2 s per page load at a million conversations on SQLite (measured
/// with bench/ queue). These badges may be up to <see cref="MaxAge"/> old; the active queues' counts stay exact.
/// </summary>
public sealed class FinishedCounts(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private volatile Snapshot? _last;

    public async ValueTask<(int Resolved, int Closed)> GetAsync(TouchpointDb db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last.At < MaxAge)
        {
            return (last.Resolved, last.Closed);
        }
        var done = new[] { ConversationStatus.Resolved, ConversationStatus.Closed };
        var rows = await db.Set<Conversation>().AsNoTracking().Where(c => done.Contains(c.Status))
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var snapshot = new Snapshot(now, rows.FirstOrDefault(r => r.Key == ConversationStatus.Resolved)?.Count ?? 0,
            rows.FirstOrDefault(r => r.Key == ConversationStatus.Closed)?.Count ?? 0);
        _last = snapshot;
        return (snapshot.Resolved, snapshot.Closed);
    }

    private sealed record Snapshot(DateTimeOffset At, int Resolved, int Closed);
}

public sealed record QueueCounts(int Mine, int Unassigned, int Open, int Pending, int Resolved, int Closed);

/// <summary>The agent's queues: what each shows.</summary>
public static class Queues
{
    public static readonly IReadOnlyList<string> All = ["mine", "unassigned", "open", "pending", "resolved", "closed"];

    private static readonly ConversationStatus[] Active = [ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending];

    public static ConversationFilter Filter(string queue, string? userId) => queue switch
    {
        "mine" => new ConversationFilter { Statuses = Active, AssigneeId = userId ?? "-", ByDueTime = true },
        "unassigned" => new ConversationFilter { Statuses = Active, Unassigned = true, ByDueTime = true },
        "pending" => new ConversationFilter { Statuses = [ConversationStatus.Pending] },
        "resolved" => new ConversationFilter { Statuses = [ConversationStatus.Resolved] },
        "closed" => new ConversationFilter { Statuses = [ConversationStatus.Closed] },
        _ => new ConversationFilter { Statuses = Active, ByDueTime = true },
    };

    public static int Count(QueueCounts c, string queue) => queue switch
    {
        "mine" => c.Mine,
        "unassigned" => c.Unassigned,
        "pending" => c.Pending,
        "resolved" => c.Resolved,
        "closed" => c.Closed,
        _ => c.Open,
    };
}
