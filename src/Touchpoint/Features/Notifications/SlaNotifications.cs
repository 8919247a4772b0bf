using System.Globalization;
using Microsoft.AspNetCore.Identity;
using StoreOptions = Touchpoint.Platform.Web.StoreOptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Orders;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Notifications;

public static class SlaKinds
{
    public const string Warning = "sla.warning";
    public const string Limit = "sla.limit";
}

/// <summary>
/// Mails staff about SLA alerts through the outbox, in each recipient's own language: a warning goes to the assignee
/// and the service owners, a passed hard limit to the service owners and the assignee. A breach is shown in the
/// workspace only: the warning before it already asked for action.
/// </summary>
public sealed class SlaNotifications(TouchpointDb db, TemplateStore templates, IOptions<StoreOptions> store, IOptions<OrdersOptions> orders, TimeProvider time,
    ILogger<SlaNotifications> logger)
    : IDomainEventHandler<SlaAlertRaised>
{
    private List<Recipient>? _owners;
    private readonly Dictionary<string, Recipient?> _assignees = new(StringComparer.Ordinal);

    private sealed record Recipient(string Id, string? Email, string DisplayName, string Language);

    public async Task HandleAsync(SlaAlertRaised e, CancellationToken ct)
    {
        var a = e.Alert;
        var kind = a.Kind switch { SlaAlertKinds.Warning => SlaKinds.Warning, SlaAlertKinds.Limit => SlaKinds.Limit, _ => null };
        if (kind is null)
        {
            return;
        }
        // One sweep raises many alerts in one scope: the service owners are read once for all of them.
        _owners ??= await (from ur in db.Set<IdentityUserRole<string>>()
                           join r in db.Set<IdentityRole>() on ur.RoleId equals r.Id
                           join u in db.Set<TouchpointUser>() on ur.UserId equals u.Id
                           where r.Name == Roles.ServiceOwner && u.IsActive
                           select new Recipient(u.Id, u.Email, u.DisplayName, u.Language)).AsNoTracking().ToListAsync(ct);
        var recipients = _owners.ToList();
        if (a.AssigneeId is { } assignee && recipients.All(r => r.Id != assignee))
        {
            // An agent often has several alerts in one sweep: each person is read once.
            if (!_assignees.TryGetValue(assignee, out var person))
            {
                person = await db.Set<TouchpointUser>().AsNoTracking().Where(u => u.Id == assignee && u.IsActive)
                    .Select(u => new Recipient(u.Id, u.Email, u.DisplayName, u.Language)).FirstOrDefaultAsync(ct);
                _assignees[assignee] = person;
            }
            if (person is not null)
            {
                recipients.Insert(0, person);
            }
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var r in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)))
        {
            var language = Languages.Normalize(r.Language);
            var (content, _) = await templates.GetAsync(kind, language, ct);
            var model = Model(a, r.DisplayName, language, store.Value, orders.Value);
            RenderedMail mail;
            try
            {
                mail = RenderedMail.Render(content, model, language);
            }
            catch (LiquidLimitException ex)
            {
                // This recipient gets no mail; the alert itself is recorded and shown in the workspace.
                OrderNotifications.LogTemplateRefused(logger, kind, language, ex.Message);
                continue;
            }
            db.Enqueue(new OutboxMessage
            {
                Channel = "email", Kind = kind, SubjectType = "conversation", SubjectId = a.ConversationId,
                Recipient = string.IsNullOrWhiteSpace(r.DisplayName) ? r.Email! : $"\"{r.DisplayName.Replace("\"", "", StringComparison.Ordinal)}\" <{r.Email}>",
                Title = mail.Title,
                Body = mail.Body,
                HtmlBody = mail.HtmlBody,
                Language = language,
                Headers = MailHeaders.Serialize(new Dictionary<string, string> { [MailHeaders.AutoSubmitted] = "auto-generated" }),
                CreatedAt = now, NextAttemptAt = now,
            });
        }
    }

    /// <summary>What SLA templates can use: <c>conversation.number|subject|url</c>, <c>sla.target|due|kind</c>, <c>recipient.name</c>, <c>store.name</c>.</summary>
    public static Dictionary<string, object> Model(SlaAlert a, string recipientName, string language, StoreOptions store, OrdersOptions orders) => new()
    {
        ["store"] = new Dictionary<string, object> { ["name"] = store.Name },
        ["recipient"] = new Dictionary<string, object> { ["name"] = recipientName },
        ["conversation"] = new Dictionary<string, object>
        {
            ["number"] = a.Number.ToString(CultureInfo.InvariantCulture),
            ["subject"] = a.Subject,
            ["url"] = $"{orders.PublicBaseUrl.TrimEnd('/')}/conversations/{a.Number}",
        },
        ["sla"] = new Dictionary<string, object>
        {
            ["target"] = Texts.Get(language, $"Sla.Target.{a.Target}"),
            ["due"] = When.Format(store, a.DueAt, language, When.Style.Full),
            ["kind"] = a.Kind,
        },
    };
}
