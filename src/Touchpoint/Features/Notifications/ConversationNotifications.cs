using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Notifications;

public static class ConversationKinds
{
    public const string Received = "conversation.received";
    public const string Reply = "conversation.reply";
}

/// <summary>
/// Mails the customer what concerns them — the acknowledgement with the number, each public reply with threading
/// headers — and tells the store's webhook about every change, all through the outbox in the same transaction.
/// </summary>
public sealed class ConversationNotifications(
    TouchpointDb db,
    TemplateStore templates,
    IOptions<StoreOptions> store,
    IOptions<ConversationsOptions> conversations,
    IOptions<WebhookOptions> webhooks,
    IOptions<SmtpOptions> smtp,
    Knowledge.TopicCatalog topics,
    TimeProvider time,
    ILogger<ConversationNotifications> logger)
    : IDomainEventHandler<ConversationCreated>, IDomainEventHandler<MessageAdded>, IDomainEventHandler<ConversationStatusChanged>, IDomainEventHandler<ConversationAssigned>
{
    public const string Subject = "conversation";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(ConversationCreated e, CancellationToken ct)
    {
        var c = e.Conversation;
        if (e.Acknowledge && c.Channel is Channel.Email or Channel.Web or Channel.Api)
        {
            var customer = await CustomerAsync(c.CustomerId, ct);
            var headers = new Dictionary<string, string>();
            if (e.FirstMessage.InternetMessageId is { } original)
            {
                headers[MailHeaders.InReplyTo] = Angle(original);
                headers[MailHeaders.References] = Angle(original);
            }
            AddFrom(headers, c);
            headers[MailHeaders.AutoSubmitted] = "auto-replied";
            await QueueMailAsync(c, customer, ConversationKinds.Received, null, headers, ct);
        }
        Webhook(c, "conversation.created", e.FirstMessage);
    }

    public async Task HandleAsync(MessageAdded e, CancellationToken ct)
    {
        var c = e.Conversation;
        if (e.Message.Type == MessageType.Reply)
        {
            var customer = await CustomerAsync(c.CustomerId, ct);
            var earlier = await db.Set<ConversationMessage>().AsNoTracking()
                .Where(m => m.ConversationId == c.Id && m.InternetMessageId != null && m.Id != e.Message.Id)
                .OrderByDescending(m => m.CreatedAt)
                .Select(m => new { m.InternetMessageId, m.Type })
                .Take(20)
                .ToListAsync(ct);
            var headers = new Dictionary<string, string>();
            if (e.Message.InternetMessageId is { } own)
            {
                headers[MailHeaders.MessageId] = own;
            }
            var parent = earlier.FirstOrDefault(m => m.Type == MessageType.Inbound) ?? earlier.FirstOrDefault();
            if (parent is not null)
            {
                headers[MailHeaders.InReplyTo] = Angle(parent.InternetMessageId!);
                headers[MailHeaders.References] = string.Join(' ', earlier.Select(m => Angle(m.InternetMessageId!)).Reverse());
            }
            headers[MailHeaders.AutoSubmitted] = "no";
            if (e.Message.Cc is { Length: > 0 } cc)
            {
                headers[MailHeaders.Cc] = cc;
            }
            if (e.Message.Bcc is { Length: > 0 } bcc)
            {
                headers[MailHeaders.Bcc] = bcc;
            }
            AddFrom(headers, c);
            await QueueMailAsync(c, customer, ConversationKinds.Reply, e.Message, headers, ct,
                e.Message.Attachments.Where(a => !a.Inline).Select(a => a.Id).ToList());
        }
        if (e.Message.Type != MessageType.Note)
        {
            Webhook(c, "conversation.message", e.Message);
        }
    }

    public Task HandleAsync(ConversationStatusChanged e, CancellationToken ct)
    {
        Webhook(e.Conversation, "conversation.status_changed", null);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ConversationAssigned e, CancellationToken ct)
    {
        Webhook(e.Conversation, "conversation.assigned", null);
        return Task.CompletedTask;
    }

    private async Task<Customer> CustomerAsync(Guid id, CancellationToken ct) =>
        db.Set<Customer>().Local.FirstOrDefault(c => c.Id == id) ?? await db.Set<Customer>().AsNoTracking().FirstAsync(c => c.Id == id, ct);

    private static string Angle(string id) => id.StartsWith('<') ? id : $"<{id}>";

    private void AddFrom(Dictionary<string, string> headers, Conversation c)
    {
        if (!string.IsNullOrWhiteSpace(c.Mailbox))
        {
            headers[MailHeaders.From] = $"\"{smtp.Value.FromName.Replace("\"", "", StringComparison.Ordinal)}\" <{c.Mailbox}>";
        }
    }

    private async Task QueueMailAsync(Conversation c, Customer customer, string kind, ConversationMessage? reply, Dictionary<string, string> headers, CancellationToken ct,
        IReadOnlyCollection<Guid>? attachments = null)
    {
        if (!CustomerRules.HasMailbox(customer.Email))
        {
            // Known by phone alone (a caller): the agent calls back; there is no address to write to.
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var (content, _) = await templates.GetAsync(kind, c.Language, ct);
        // Anyone can type any address into the web form: its acknowledgement must carry nothing the visitor wrote (name,
        // message), or the form mails a stranger's text from the store's address. The greeting then uses the address's
        // own name part and the subject line the topic, both of which the recipient or the store chose.
        var unverified = kind == ConversationKinds.Received && c.Channel == Channel.Web;
        var name = unverified ? "" : customer.Name;
        var subject = unverified ? await WebFormSubjectAsync(c, ct) : c.Subject;
        var model = Model(c.Number, subject, c.Language, name, customer.Email, reply?.Text, reply?.AuthorName, c.CreatedAt, store.Value, conversations.Value, reply?.Html);
        RenderedMail mail;
        try
        {
            mail = RenderedMail.Render(content, model, c.Language);
        }
        catch (LiquidLimitException ex)
        {
            // This mail is not sent; the reply itself is stored and the agent sees it in the conversation.
            OrderNotifications.LogTemplateRefused(logger, kind, c.Language, ex.Message);
            return;
        }
        db.Enqueue(new OutboxMessage
        {
            Channel = "email", Kind = kind, SubjectType = Subject, SubjectId = c.Id,
            Recipient = string.IsNullOrWhiteSpace(name) ? customer.Email : $"\"{name.Replace("\"", "", StringComparison.Ordinal)}\" <{customer.Email}>",
            Title = mail.Title,
            Body = mail.Body,
            HtmlBody = mail.HtmlBody,
            Language = c.Language,
            Headers = MailHeaders.Serialize(headers),
            Attachments = EmailOutboxSender.AttachmentsJson(attachments ?? []),
            CreatedAt = now, NextAttemptAt = now,
        });
    }

    private async Task<string> WebFormSubjectAsync(Conversation c, CancellationToken ct) =>
        c.Topic is { } key && (await topics.AllAsync(ct)).FirstOrDefault(t => t.Key == key) is { } topic
            ? topic.Name(c.Language)
            : Texts.Get(c.Language, "Contact.Ack.Subject");

    /// <summary>What conversation templates can use: <c>conversation.number|subject|answer_by|promise</c>, <c>reply.text</c>, <c>agent.name</c>, <c>customer.*</c>, <c>store.name</c>.</summary>
    public static Dictionary<string, object> Model(long number, string subject, string language, string customerName, string customerEmail, string? replyText,
        string? agentName, DateTime createdAt, StoreOptions store, ConversationsOptions options, string? replyHtml = null)
    {
        var culture = Languages.Culture(language);
        return new Dictionary<string, object>
        {
            ["store"] = new Dictionary<string, object> { ["name"] = store.Name },
            ["customer"] = new Dictionary<string, object> { ["name"] = string.IsNullOrWhiteSpace(customerName) ? customerEmail.Split('@')[0] : customerName, ["email"] = customerEmail },
            ["conversation"] = new Dictionary<string, object>
            {
                ["number"] = number.ToString(CultureInfo.InvariantCulture),
                ["subject"] = subject,
                ["promise"] = options.PromiseText(language),
                ["answer_by"] = When.Format(store, createdAt + options.FirstReplyPromise, language, When.Style.Full),
            },
            ["reply"] = new Dictionary<string, object> { ["text"] = new TrustedHtml(replyHtml ?? SafeHtml.FromText(replyText ?? ""), replyText ?? "") },
            ["agent"] = new Dictionary<string, object> { ["name"] = agentName ?? store.Name },
        };
    }

    private void Webhook(Conversation c, string type, ConversationMessage? message)
    {
        if (string.IsNullOrWhiteSpace(webhooks.Value.Url))
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.Enqueue(new OutboxMessage
        {
            Channel = WebhookSender.ChannelName, Kind = type, SubjectType = Subject, SubjectId = c.Id, Recipient = webhooks.Value.Url, Title = type,
            Body = JsonSerializer.Serialize(new
            {
                type,
                occurredAt = now,
                conversation = new
                {
                    number = c.Number, status = c.Status.ToWire(), channel = c.Channel.ToWire(), topic = c.Topic, priority = c.Priority.ToWire(), subject = c.Subject,
                    orders = c.Orders.Select(o => o.OrderNumber).ToList(),
                },
                message = message is null ? null : new { type = message.Type.ToWire(), author = message.AuthorName, text = message.Text, createdAt = message.CreatedAt },
            }, Json),
            CreatedAt = now, NextAttemptAt = now,
        });
    }
}
