using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

using Touchpoint.Features.Knowledge;

namespace Touchpoint.Features.Conversations;

public sealed record NewAttachment(string FileName, string ContentType, byte[] Bytes, string? ContentId = null, bool Inline = false);

public sealed record NewMessage(string Text, string? Html = null, IReadOnlyList<NewAttachment>? Attachments = null, string? InternetMessageId = null, bool FoldQuotes = false);

/// <summary>Something a customer sent, on any channel, as the channel understood it.</summary>
public sealed record Inbound
{
    /// <summary>Where the idempotency key comes from: <c>email</c>, <c>api</c>, <c>web</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The same source and key twice lands once (Message-ID, the caller's externalId).</summary>
    public string? Key { get; init; }

    public required Channel Channel { get; init; }
    public required string Email { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public required string DefaultLanguage { get; init; }
    public required string Subject { get; init; }
    public string? Topic { get; init; }
    public Priority Priority { get; init; } = Priority.Normal;
    public required NewMessage Message { get; init; }
    public string? Mailbox { get; init; }

    /// <summary>An existing conversation the channel found by a secret reference (e.g. In-Reply-To).</summary>
    public long? ThreadByReference { get; init; }

    /// <summary>A number the customer wrote (e.g. <c>[#1042]</c> in a subject): used only for that customer's own conversation.</summary>
    public long? ThreadByNumber { get; init; }

    /// <summary>Order numbers the sender named explicitly; numbers found in the text are tried too.</summary>
    public IReadOnlyList<string> OrderNumbers { get; init; } = [];

    /// <summary>Whether a new conversation sends the customer an acknowledgement (not for auto-replies, not for imports).</summary>
    public bool Acknowledge { get; init; } = true;

    /// <summary>Sent by a machine (auto-reply, bounce): kept as a note on the conversation it answers, never starts one, never reopens one.</summary>
    public string? AutomaticReason { get; init; }

    /// <summary>
    /// Someone who already has the matter in hand (the agent who answered the call): a new conversation is created
    /// assigned to them, in the same save, so routing never sees it unassigned; an existing one nobody has is given to
    /// them; one that has an assignee keeps it.
    /// </summary>
    public InboundAssignee? AssignTo { get; init; }

    public required string Actor { get; init; }
}

/// <summary>The agent an inbound message goes to, and why (one of <see cref="AssignmentReasons"/>).</summary>
public sealed record InboundAssignee(string UserId, string Reason);

/// <summary>Where a message landed. Number 0 with <see cref="Ignored"/>: an automatic message that answered nothing we know.</summary>
public sealed record Landed(long Number, bool Created, bool Duplicate, bool Ignored = false);

/// <summary>An idempotency record: this source's key already landed in that conversation.</summary>
public sealed class InboundReceipt
{
    public required string Source { get; init; }
    public required string Key { get; init; }
    public long Number { get; init; }
    public DateTime ReceivedAt { get; init; }
}

internal sealed class InboundReceiptConfiguration : IEntityTypeConfiguration<InboundReceipt>
{
    public void Configure(EntityTypeBuilder<InboundReceipt> b)
    {
        b.ToTable("inbound_receipts");
        b.HasKey(x => new { x.Source, x.Key });
        b.Property(x => x.Source).HasMaxLength(64);
        b.Property(x => x.Key).HasMaxLength(998);
    }
}

/// <summary>The use cases of conversations: receive from a channel, reply or note, change status, topic, priority, assignee.</summary>
public sealed partial class ConversationDesk(
    TouchpointDb db, CustomerDirectory customers, TopicCatalog topics, StaffDirectory staff, ConversationFeed feed, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Touchpoint.Platform.Mail.SmtpOptions> smtp)
{
    public const long FirstNumber = 1001;
    public const int MaxAttachmentBytes = 25 * 1024 * 1024;

    /// <summary>Lands a customer's message: in the conversation it answers, or in a new one. The same key twice changes nothing.</summary>
    public async Task<Landed> ReceiveAsync(Inbound inbound, CancellationToken ct)
    {
        // Two messages for one conversation at the same moment (a customer's two quick mails, two readers): the
        // loser of the optimistic check starts again from a fresh read, so neither message is lost or refused.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReceiveOnceAsync(inbound, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(5, 25) * attempt, ct);
            }
        }
    }

    private async Task<Landed> ReceiveOnceAsync(Inbound inbound, CancellationToken ct)
    {
        if (inbound.Key is { } key && await ReceiptAsync(inbound.Source, key, ct) is { } earlier)
        {
            return new Landed(earlier, Created: false, Duplicate: true);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var email = CustomerDirectory.NormalizeEmail(inbound.Email);
        if (inbound.AutomaticReason is { } reason)
        {
            // A machine is not a customer: no customer record, and only a secret reference (or the customer's own
            // address with the number) ties it to a conversation.
            var known = await CustomerDirectory.WithEmail(db, db.Set<Customer>().AsNoTracking(), email).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            return await KeepAutomaticAsync(inbound, await ThreadTargetAsync(inbound, known ?? Guid.Empty, ct), reason, now, ct);
        }
        var existingCustomer = await CustomerDirectory.WithEmail(db, db.Set<Customer>().AsNoTracking(), email).Select(c => new { c.Id, c.Language }).FirstOrDefaultAsync(ct);
        var customer = await customers.EnsureAsync(email, inbound.Name, inbound.Phone, existingCustomer?.Language ?? inbound.DefaultLanguage, ct);

        var target = await ThreadTargetAsync(inbound, customer.Id, ct);
        Conversation conversation;
        var created = false;
        var message = Build(MessageType.Inbound, "customer", customer.Id.ToString(), string.IsNullOrWhiteSpace(inbound.Name) ? email : inbound.Name!, inbound.Message, now);
        if (target is { Status: not ConversationStatus.Closed })
        {
            conversation = target;
            conversation.AddInbound(message, now);
        }
        else
        {
            var topic = inbound.Topic is { } t && await topics.ExistsAsync(t, ct) ? t : Topics.Other;
            var number = await Counters.NextAsync(db, "conversation", FirstNumber, ct);
            conversation = Conversation.Start(number, inbound.Channel, customer.Id, inbound.Subject, topic, inbound.Priority, customer.Language,
                inbound.Mailbox, target?.Number, message, now, inbound.Actor, inbound.Acknowledge);
            db.Add(conversation);
            created = true;
        }
        if (inbound.AssignTo is { } assignee && conversation.AssigneeId is null)
        {
            var to = await staff.ByIdAsync(assignee.UserId, ct);
            conversation.Assign(assignee.UserId, to?.Email, null, now, inbound.Actor, assignee.Reason);
        }
        await LinkOrdersAsync(conversation, customer, inbound.OrderNumbers, inbound.Subject + "\n" + inbound.Message.Text, now, inbound.Actor, ct);
        if (inbound.Key is { } k)
        {
            db.Add(new InboundReceipt { Source = inbound.Source, Key = k, Number = conversation.Number, ReceivedAt = now });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (inbound.Key is not null && ex.IsUniqueViolation())
        {
            // The same message arrived twice at once (two pollers, a retried push): the other one landed it.
            db.ChangeTracker.Clear();
            if (await ReceiptAsync(inbound.Source, inbound.Key, ct) is { } winner)
            {
                return new Landed(winner, Created: false, Duplicate: true);
            }
            throw;
        }
        feed.Publish(new ConversationChange(conversation.Number, created ? "created" : "message", conversation.AssigneeId));
        return new Landed(conversation.Number, created, Duplicate: false);
    }

    private async Task<Landed> KeepAutomaticAsync(Inbound inbound, Conversation? target, string reason, DateTime now, CancellationToken ct)
    {
        var number = 0L;
        if (target is { Status: not ConversationStatus.Closed })
        {
            var note = Build(MessageType.Note, "system", null, $"{inbound.Email} ({reason})", inbound.Message, now);
            target.AddStaffMessage(note, now, "system");
            number = target.Number;
        }
        if (inbound.Key is { } key)
        {
            db.Add(new InboundReceipt { Source = inbound.Source, Key = key, Number = number, ReceivedAt = now });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (inbound.Key is not null && ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return new Landed(await ReceiptAsync(inbound.Source, inbound.Key, ct) ?? 0, Created: false, Duplicate: true, Ignored: number == 0);
        }
        if (number != 0)
        {
            feed.Publish(new ConversationChange(number, "message", target!.AssigneeId));
        }
        return new Landed(number, Created: false, Duplicate: false, Ignored: number == 0);
    }

    private async Task<long?> ReceiptAsync(string source, string key, CancellationToken ct) =>
        await db.Set<InboundReceipt>().AsNoTracking().Where(r => r.Source == source && r.Key == key).Select(r => (long?)r.Number).FirstOrDefaultAsync(ct);

    private async Task<Conversation?> ThreadTargetAsync(Inbound inbound, Guid customerId, CancellationToken ct)
    {
        if (inbound.ThreadByReference is { } byRef && await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Number == byRef, ct) is { } referenced)
        {
            return referenced;
        }
        if (inbound.ThreadByNumber is { } byNumber
            && await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Number == byNumber && c.CustomerId == customerId, ct) is { } numbered)
        {
            return numbered;
        }
        return null;
    }

    /// <summary>The conversations whose messages carry one of these Message-IDs (a reply's In-Reply-To and References).</summary>
    public async Task<long?> FindByInternetMessageIdsAsync(IReadOnlyCollection<string> messageIds, CancellationToken ct)
    {
        if (messageIds.Count == 0)
        {
            return null;
        }
        var ids = messageIds.Take(50).ToList();
        return await db.Set<ConversationMessage>().AsNoTracking()
            .Where(m => m.InternetMessageId != null && ids.Contains(m.InternetMessageId))
            .Join(db.Set<Conversation>(), m => m.ConversationId, c => c.Id, (m, c) => new { c.Number, m.CreatedAt })
            .OrderByDescending(x => x.CreatedAt)
            .Select(x => (long?)x.Number)
            .FirstOrDefaultAsync(ct);
    }

    // Any word of 3–64 letters, digits, '-', '_' or '/' with a digit in it: stores number orders in many ways, and
    // only numbers of this customer's own orders are linked, so a broad net costs one indexed lookup.
    [GeneratedRegex(@"(?<![\w/-])#?((?=[\w/-]*\d)[A-Za-z0-9][\w/-]{2,63})(?![\w/-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex OrderNumberCandidate();

    /// <summary>Links the orders named or mentioned, but only orders of this customer: a stranger's order number links nothing.</summary>
    private async Task LinkOrdersAsync(Conversation conversation, Customer customer, IReadOnlyList<string> named, string text, DateTime now, string actor, CancellationToken ct)
    {
        var candidates = new HashSet<string>(named.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()), StringComparer.Ordinal);
        try
        {
            foreach (Match m in OrderNumberCandidate().Matches(text.Length > 20_000 ? text[..20_000] : text))
            {
                if (candidates.Count >= 50)
                {
                    break;
                }
                candidates.Add(m.Groups[1].Value);
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }
        if (candidates.Count == 0)
        {
            return;
        }
        var list = candidates.ToList();
        var orders = await db.Set<Order>().AsNoTracking()
            .Where(o => list.Contains(o.Number) && (o.CustomerId == customer.Id || o.CustomerEmail == customer.Email))
            .Select(o => new { o.Id, o.Number })
            .ToListAsync(ct);
        // The conversation may have been loaded without its orders (a threaded follow-up): read the links it already has,
        // so naming an order that is linked already adds nothing instead of breaking the conversation_orders key.
        var orderIds = orders.Select(o => o.Id).ToList();
        var linked = await db.Set<ConversationOrder>().AsNoTracking()
            .Where(x => x.ConversationId == conversation.Id && orderIds.Contains(x.OrderId)).Select(x => x.OrderId).ToListAsync(ct);
        foreach (var o in orders.Where(o => !linked.Contains(o.Id)))
        {
            conversation.LinkOrder(o.Id, o.Number, now, actor);
        }
    }

    public async Task<Conversation?> FindAsync(long number, CancellationToken ct) =>
        await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Number == number, ct);

    /// <summary>A public reply (sent to the customer by the outbox) or an internal note.</summary>
    public async Task<ConversationMessage?> AddStaffMessageAsync(long number, MessageType type, string body, IReadOnlyList<NewAttachment>? attachments,
        ClaimsIdentityInfo author, CancellationToken ct, IReadOnlyList<string>? cc = null, IReadOnlyList<string>? bcc = null)
    {
        var conversation = await FindAsync(number, ct);
        if (conversation is null)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var name = author.Kind == "agent" && await staff.ByIdAsync(author.Id, ct) is { } member ? member.Name : author.Name;
        // The agent writes Markdown: the thread and the mail's HTML part show it formatted (sanitized), the text part,
        // search and the reply checks read it as plain text.
        var (html, text) = SafeHtml.FromMessageMarkdown(body.Trim());
        var message = Build(type, author.Kind, author.Id, name, new NewMessage(text, html, attachments,
            InternetMessageId: type == MessageType.Reply ? NewInternetMessageId(smtp.Value.From) : null), now,
            cc is { Count: > 0 } ? string.Join(", ", cc) : null, bcc is { Count: > 0 } ? string.Join(", ", bcc) : null);
        conversation.AddStaffMessage(message, now, author.Actor);
        await db.SaveChangesAsync(ct);
        feed.Publish(new ConversationChange(conversation.Number, "message", conversation.AssigneeId));
        return message;
    }

    /// <summary>The text of the latest public staff reply when nothing from the customer came after it; otherwise null.</summary>
    private async Task<string?> LastStaffReplyAsync(Conversation conversation, CancellationToken ct)
    {
        var last = await db.Set<ConversationMessage>().AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Type != MessageType.Note)
            .OrderByDescending(m => m.CreatedAt)
            .Select(m => new { m.AuthorKind, m.Type, m.Text })
            .FirstOrDefaultAsync(ct);
        return last is { Type: MessageType.Reply } && last.AuthorKind is "agent" or "api" ? last.Text : null;
    }

    public sealed record Changes(ConversationStatus? Status, string? Topic, Priority? Priority, bool SetAssignee, string? AssigneeId);

    public async Task<Conversation?> UpdateAsync(long number, Changes changes, string actor, CancellationToken ct)
    {
        var conversation = await FindAsync(number, ct);
        if (conversation is null)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (changes.Topic is { } topic)
        {
            conversation.ChangeTopic(topic, now, actor);
        }
        if (changes.Priority is { } priority)
        {
            conversation.ChangePriority(priority, now, actor);
        }
        if (changes.SetAssignee)
        {
            var to = await staff.ByIdAsync(changes.AssigneeId, ct);
            var from = await staff.ByIdAsync(conversation.AssigneeId, ct);
            conversation.Assign(changes.AssigneeId, to?.Email, from?.Email, now, actor);
        }
        if (changes.Status is ConversationStatus.Pending && conversation.Status is not ConversationStatus.Pending
            && await LastStaffReplyAsync(conversation, ct) is { } reply)
        {
            // A staff reply since the customer last wrote sets the clock on hold: flag it when it asks nothing.
            conversation.SetPendingAfterReply(reply, now, actor);
        }
        else if (changes.Status is { } status)
        {
            conversation.ChangeStatus(status, now, actor);
        }
        await db.SaveChangesAsync(ct);
        feed.Publish(new ConversationChange(conversation.Number, "updated", conversation.AssigneeId));
        return conversation;
    }

    /// <summary>
    /// Routing's assignment: only while the conversation is still open and nobody took it meanwhile (a person's choice
    /// wins over the router's). False when it was not assigned.
    /// </summary>
    public async Task<bool> RouteAsync(long number, string userId, string reason, CancellationToken ct)
    {
        var conversation = await FindAsync(number, ct);
        if (conversation is null || conversation.AssigneeId is not null || conversation.Status is not (ConversationStatus.New or ConversationStatus.Open))
        {
            return false;
        }
        var to = await staff.ByIdAsync(userId, ct);
        conversation.Assign(userId, to?.Email, null, time.GetUtcNow().UtcDateTime, Actors.Routing, reason);
        await db.SaveChangesAsync(ct);
        feed.Publish(new ConversationChange(conversation.Number, "routed", conversation.AssigneeId));
        return true;
    }

    /// <summary>Puts an agent's open conversations of some channels back in the queue (they went offline); returns the numbers.</summary>
    public async Task<IReadOnlyList<long>> ReturnToQueueAsync(string userId, IReadOnlyCollection<Channel> channels, string reason, string actor, CancellationToken ct)
    {
        var open = new[] { ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending };
        // An agent has few open conversations: the channel filter runs here, clear of converter-typed list parameters.
        var mine = (await db.Set<Conversation>().Where(c => c.AssigneeId == userId && open.Contains(c.Status)).ToListAsync(ct))
            .Where(c => channels.Contains(c.Channel)).ToList();
        if (mine.Count == 0)
        {
            return [];
        }
        var from = await staff.ByIdAsync(userId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var c in mine)
        {
            c.Assign(null, null, from?.Email, now, actor, reason);
        }
        await db.SaveChangesAsync(ct);
        foreach (var c in mine)
        {
            feed.Publish(new ConversationChange(c.Number, "updated", null));
        }
        return mine.Select(c => c.Number).ToList();
    }

    /// <summary>Why unassigned conversations still wait; written only when the reason changed, without touching anything else.</summary>
    public Task<int> RecordWaitingAsync(Guid conversationId, string reason, CancellationToken ct)
    {
        var text = AssignmentReasons.WaitingPrefix + reason;
        return db.WriteAsync(() => db.Set<Conversation>()
            .Where(c => c.Id == conversationId && c.AssigneeId == null && c.AssignmentReason != text)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AssignmentReason, text), ct), ct);
    }

    private static ConversationMessage Build(MessageType type, string authorKind, string? authorId, string authorName, NewMessage m, DateTime now,
        string? cc = null, string? bcc = null)
    {
        var id = Ids.NewId();
        return new ConversationMessage
        {
            Id = id,
            Type = type,
            AuthorKind = authorKind,
            AuthorId = authorId,
            AuthorName = authorName.Length > 320 ? authorName[..320] : authorName,
            Text = m.Text,
            Html = m.Html is null ? null : SafeHtml.Sanitize(m.Html),
            QuoteStart = m.FoldQuotes ? QuotedHistory.Find(m.Text) : null,
            InternetMessageId = m.InternetMessageId,
            Cc = cc,
            Bcc = bcc,
            CreatedAt = now,
            Attachments = (m.Attachments ?? []).Select(a =>
            {
                var attachmentId = Ids.NewId();
                return new ConversationAttachment
                {
                    Id = attachmentId, MessageId = id, FileName = SafeFileName(a.FileName), ContentType = a.ContentType, Size = a.Bytes.LongLength,
                    ContentId = a.ContentId, Inline = a.Inline, Content = new AttachmentContent { Id = attachmentId, Bytes = a.Bytes },
                };
            }).ToList(),
        };
    }

    /// <summary>The Message-ID a reply is sent with, chosen before it is sent so the customer's answer threads back to it.</summary>
    public static string NewInternetMessageId(string fromAddress)
    {
        var at = fromAddress.IndexOf('@', StringComparison.Ordinal);
        var domain = at >= 0 ? fromAddress[(at + 1)..] : "touchpoint.local";
        return $"{Ids.NewId():N}@{domain}";
    }

    public static string SafeFileName(string name)
    {
        var clean = string.Concat((Path.GetFileName(name.Replace('\\', '/')) ?? "").Where(c => !char.IsControl(c) && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|'))).Trim();
        clean = clean.Length == 0 ? "attachment" : clean;
        return clean.Length > 200 ? clean[^200..] : clean;
    }
}

/// <summary>Who writes a staff message: a person in the workspace or an API key.</summary>
public sealed record ClaimsIdentityInfo(string Kind, string? Id, string Name, string Actor)
{
    public static ClaimsIdentityInfo From(System.Security.Claims.ClaimsPrincipal user)
    {
        var actor = Actors.Describe(user);
        if (user.FindFirst(Actors.ApiKeyNameClaim) is { } key)
        {
            return new ClaimsIdentityInfo("api", null, key.Value, actor);
        }
        var id = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var name = user.FindFirst("name")?.Value ?? user.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? user.Identity?.Name ?? "agent";
        return new ClaimsIdentityInfo("agent", id, name, actor);
    }
}
