using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Feedback;

/// <summary>
/// Sends the surveys whose moment has come, in the customer's language, through the outbox — or skips them for good when
/// a rule says no: the conversation was reopened, the customer is erased, a mystery shopper or has no mailbox, the quiet
/// days or the NPS frequency (<see cref="SurveyFrequency"/>). The rules and texts are the effective
/// <see cref="FeedbackSettings"/> (/settings/feedback, else configuration). At most <see cref="FeedbackSettings.MaxPerHour"/> leave in any
/// hour; the rest wait for a later pass. One instance sends at a time (the job's lease); the survey's revision check
/// makes a second writer lose instead of mailing twice.
/// </summary>
public sealed class SurveySender(
    IServiceScopeFactory scopes,
    IOptions<FeedbackOptions> options,
    FeedbackSettingsStore settings,
    IOptions<StoreOptions> store,
    SurveyLinks links,
    TimeProvider time,
    ILogger<SurveySender> logger) : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "feedback.survey-send";
    public const string MailKindCsat = "feedback.csat";
    public const string MailKindNps = "feedback.nps";
    private const int BatchSize = 100;

    public override string Name => JobName;

    protected override TimeSpan Interval => options.Value.SendInterval;

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var o = options.Value;
        var s = await settings.GetAsync(ct);
        var db = pass.Db;
        var sent = 0;
        while (await pass.RenewAsync(ct))
        {
            db.ChangeTracker.Clear();
            var now = pass.Now;
            var hourAgo = now.AddHours(-1);
            var budget = s.MaxPerHour - await db.Set<Survey>().CountAsync(s => s.SentAt != null && s.SentAt > hourAgo, ct);
            if (budget <= 0)
            {
                return sent;
            }
            var due = await db.Set<Survey>().Where(s => s.State == SurveyState.Scheduled && s.DueAt <= now)
                .OrderBy(s => s.DueAt).Take(Math.Min(BatchSize, budget)).ToListAsync(ct);
            if (due.Count == 0)
            {
                return sent;
            }
            foreach (var survey in due)
            {
                var mailed = await DecideAsync(db, survey, now, o, s, ct);
                // One at a time: the next survey's quiet-days check sees this one as sent.
                try
                {
                    await db.SaveChangesAsync(ct);
                    sent += mailed ? 1 : 0;
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another writer decided this survey: read the batch again.
                    break;
                }
            }
        }
        return sent;
    }

    private async Task<bool> DecideAsync(TouchpointDb db, Survey survey, DateTime now, FeedbackOptions o, FeedbackSettings s, CancellationToken ct)
    {
        if (survey.DueAt < now - o.SendWithin)
        {
            survey.Skip(SkipReasons.Expired);
            return false;
        }
        var customer = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == survey.CustomerId, ct);
        if (customer is null || customer.IsErased)
        {
            survey.Skip(SkipReasons.Erased);
            return false;
        }
        if (customer.MysteryShopper)
        {
            survey.Skip(SkipReasons.MysteryShopper);
            return false;
        }
        if (!CustomerRules.HasMailbox(customer.Email))
        {
            survey.Skip(SkipReasons.NoMailbox);
            return false;
        }
        Conversation? conversation = null;
        if (survey.ConversationId is { } conversationId)
        {
            conversation = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
            if (conversation is null || conversation.Status is not (ConversationStatus.Resolved or ConversationStatus.Closed))
            {
                survey.Skip(SkipReasons.Reopened);
                return false;
            }
        }
        var others = db.Set<Survey>().Where(s => s.CustomerId == survey.CustomerId && s.Id != survey.Id && s.SentAt != null);
        var history = new SurveyHistory(
            customer.CreatedAt,
            await others.MaxAsync(s => s.SentAt, ct),
            await others.Where(s => s.Kind == SurveyKind.Nps).MaxAsync(s => s.SentAt, ct),
            await db.Set<Conversation>().AnyAsync(c => c.CustomerId == survey.CustomerId
                && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending), ct));
        if (SurveyFrequency.Decide(survey.Kind, now, history, s) is { } reason)
        {
            survey.Skip(reason);
            return false;
        }
        var language = Languages.Normalize(customer.Language);
        survey.MarkSent(language, now, conversation?.Channel.ToWire(), conversation?.Topic, conversation?.AssigneeId);
        var mail = Compose(survey, customer.Name, language, s);
        db.Enqueue(new OutboxMessage
        {
            Channel = "email", Kind = survey.Kind == SurveyKind.Csat ? MailKindCsat : MailKindNps, SubjectType = "survey", SubjectId = survey.Id,
            Recipient = string.IsNullOrWhiteSpace(customer.Name) ? customer.Email : $"\"{customer.Name.Replace("\"", "", StringComparison.Ordinal)}\" <{customer.Email}>",
            Title = mail.Title, Body = mail.Text, HtmlBody = mail.Html, Language = language,
            Headers = MailHeaders.Serialize(new Dictionary<string, string> { [MailHeaders.AutoSubmitted] = "auto-generated" }),
            CreatedAt = now, NextAttemptAt = now,
        });
        return true;
    }

    public sealed record SurveyMail(string Title, string Text, string Html);

    /// <summary>
    /// "How did we do?" with one signed link per value (1…5, or 0…10 for NPS), as plain text and HTML. The subject and the
    /// intro are the store's Liquid for the kind and language when it wrote one (rendered as text; a render past the
    /// limits falls back to the shipped text), else the shipped text.
    /// </summary>
    public SurveyMail Compose(Survey survey, string customerName, string language, FeedbackSettings s)
    {
        var csat = survey.Kind == SurveyKind.Csat;
        var storeName = store.Value.Name;
        var model = FeedbackSettingsStore.Model(customerName, storeName, survey.ConversationNumber, survey.OrderNumber);
        var title = Custom(s.TextFor(survey.Kind, language, subject: true), model, oneLine: true)
            ?? (csat ? Texts.Get(language, "Feedback.Csat.Subject") : Texts.Format(language, "Feedback.Nps.Question", storeName));
        var greeting = string.IsNullOrWhiteSpace(customerName) ? Texts.Get(language, "Feedback.Mail.HelloAnonymous") : Texts.Format(language, "Feedback.Mail.Hello", customerName);
        var intro = Custom(s.TextFor(survey.Kind, language, subject: false), model, oneLine: false) ?? (csat
            ? Texts.Format(language, "Feedback.Csat.Intro", survey.ConversationNumber?.ToString(CultureInfo.InvariantCulture) ?? "")
            : Texts.Format(language, "Feedback.Nps.Intro", storeName));
        var scale = Texts.Get(language, csat ? "Feedback.Csat.Scale" : "Feedback.Nps.Scale");
        var oneClick = Texts.Get(language, "Feedback.Mail.OneClick");
        var text = new StringBuilder().Append(greeting).Append("\n\n").Append(intro).Append("\n\n");
        var html = new StringBuilder("<div style=\"font-family:system-ui,sans-serif;font-size:15px;color:#1d2330\">")
            .Append("<p>").Append(PublicPage.E(greeting)).Append("</p><p>").Append(PublicPage.E(intro)).Append("</p><p>");
        for (var v = survey.MinValue; v <= survey.MaxValue; v++)
        {
            var url = links.Url(survey.Id, v);
            var label = v.ToString(CultureInfo.InvariantCulture);
            text.Append(label).Append(": ").Append(url).Append('\n');
            html.Append("<a href=\"").Append(PublicPage.E(url)).Append("\" style=\"display:inline-block;min-width:28px;padding:8px 10px;margin:2px;border-radius:6px;background:#2563eb;color:#fff;text-decoration:none;text-align:center;font-weight:600\">")
                .Append(label).Append("</a>");
        }
        text.Append('\n').Append(scale).Append('\n').Append(oneClick).Append("\n\n").Append(storeName).Append('\n');
        html.Append("</p><p style=\"color:#5b6472\">").Append(PublicPage.E(scale)).Append("<br>").Append(PublicPage.E(oneClick)).Append("</p><p>").Append(PublicPage.E(storeName)).Append("</p></div>");
        return new SurveyMail(title, text.ToString(), html.ToString());
    }

    private static string? Custom(string? source, Dictionary<string, object> model, bool oneLine)
    {
        if (source is null)
        {
            return null;
        }
        try
        {
            var rendered = LiquidRenderer.Render(source, model, html: false).Trim();
            if (oneLine)
            {
                rendered = string.Join(' ', rendered.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            return rendered.Length == 0 ? null : rendered;
        }
        catch (Exception ex) when (ex is LiquidLimitException or DotLiquid.Exceptions.LiquidException)
        {
            // Checked when saved (with no values); one that goes past a limit with this customer's values sends the shipped text.
            return null;
        }
    }
}
