using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Feedback;

public enum AnswerResult
{
    /// <summary>The link was not made here (forged, cut, another purpose) or names no survey: nothing changed.</summary>
    BadLink,
    Recorded,

    /// <summary>The answer window has passed: nothing changed.</summary>
    Closed,
}

public sealed record AnswerResponse(AnswerResult Result, Survey? Survey);

/// <summary>
/// A click on a survey link records its value at once (a later click within the answer window changes it); the answer
/// page's form adds a comment and reason. A detractor's NPS answer opens a complaint conversation through the desk, once
/// per survey; a later comment lands in it.
/// </summary>
public sealed class AnswerSurvey(TouchpointDb db, SurveyLinks links, ConversationDesk desk, FeedbackSettingsStore settings, TimeProvider time)
{
    public const string Actor = "feedback";

    public static readonly IReadOnlyList<string> CsatReasons = ["speed", "knowledge", "politeness", "resolution", "other"];
    public static readonly IReadOnlyList<string> NpsReasons = ["products", "delivery", "prices", "service", "other"];

    public static IReadOnlyList<string> Reasons(SurveyKind kind) => kind == SurveyKind.Csat ? CsatReasons : NpsReasons;

    public async Task<AnswerResponse> ExecuteAsync(string token, CancellationToken ct)
    {
        if (links.Read(token) is not { } link)
        {
            return new AnswerResponse(AnswerResult.BadLink, null);
        }
        for (var attempt = 1; ; attempt++)
        {
            var survey = await db.Set<Survey>().FirstOrDefaultAsync(s => s.Id == link.SurveyId, ct);
            if (survey is null)
            {
                return new AnswerResponse(AnswerResult.BadLink, null);
            }
            var now = time.GetUtcNow().UtcDateTime;
            var outcome = survey.Answer(link.Value, now, (await settings.GetAsync(ct)).AnswerWindow, out var fact);
            switch (outcome)
            {
                case AnswerOutcome.NotSent or AnswerOutcome.OutOfRange:
                    return new AnswerResponse(AnswerResult.BadLink, null);
                case AnswerOutcome.Closed:
                    return new AnswerResponse(AnswerResult.Closed, survey);
                case AnswerOutcome.Unchanged:
                    return new AnswerResponse(AnswerResult.Recorded, survey);
            }
            db.Add(fact!);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two clicks at once: the loser reads the winner's answer and applies its own on top.
                db.ChangeTracker.Clear();
                continue;
            }
            await CloseTheLoopAsync(survey, ct);
            return new AnswerResponse(AnswerResult.Recorded, survey);
        }
    }

    /// <summary>The comment and reason of the answer page (the form posts the same signed token).</summary>
    public async Task<AnswerResponse> ExplainAsync(string token, string? comment, string? reason, CancellationToken ct)
    {
        if (links.Read(token) is not { } link)
        {
            return new AnswerResponse(AnswerResult.BadLink, null);
        }
        var survey = await db.Set<Survey>().FirstOrDefaultAsync(s => s.Id == link.SurveyId, ct);
        if (survey is null)
        {
            return new AnswerResponse(AnswerResult.BadLink, null);
        }
        reason = reason is not null && Reasons(survey.Kind).Contains(reason) ? reason : null;
        var before = survey.Comment;
        var outcome = survey.Explain(comment, reason, time.GetUtcNow().UtcDateTime, (await settings.GetAsync(ct)).AnswerWindow, out var fact);
        switch (outcome)
        {
            case AnswerOutcome.NotSent:
                return new AnswerResponse(AnswerResult.BadLink, null);
            case AnswerOutcome.Closed:
                return new AnswerResponse(AnswerResult.Closed, survey);
            case AnswerOutcome.Unchanged:
                return new AnswerResponse(AnswerResult.Recorded, survey);
        }
        db.Add(fact!);
        await db.SaveChangesAsync(ct);
        if (survey.ComplaintNumber is { } number && survey.Comment is { } said && said != before)
        {
            var customer = await CustomerAsync(survey, ct);
            if (customer is not null)
            {
                await desk.ReceiveAsync(Complaint(survey, customer, $"survey:{survey.Id:N}:{survey.Revision}", said, number), ct);
            }
        }
        return new AnswerResponse(AnswerResult.Recorded, survey);
    }

    private async Task CloseTheLoopAsync(Survey survey, CancellationToken ct)
    {
        if (survey.Kind != SurveyKind.Nps || survey.Value is not { } value || !FeedbackScores.IsDetractor(value) || survey.ComplaintNumber is not null)
        {
            return;
        }
        var customer = await CustomerAsync(survey, ct);
        if (customer is null)
        {
            return;
        }
        var text = Texts.Format(survey.Language, "Feedback.Complaint.Body", value.ToString(CultureInfo.InvariantCulture),
            survey.OrderNumber ?? survey.ConversationNumber?.ToString(CultureInfo.InvariantCulture) ?? "—", survey.Touchpoint.ToWire());
        if (survey.Comment is { } comment)
        {
            text += "\n\n" + comment;
        }
        var landed = await desk.ReceiveAsync(Complaint(survey, customer, $"survey:{survey.Id:N}", text, null), ct);
        db.ChangeTracker.Clear();
        var fresh = await db.Set<Survey>().FirstAsync(s => s.Id == survey.Id, ct);
        fresh.ComplaintOpened(landed.Number);
        survey.ComplaintOpened(landed.Number);
        await db.SaveChangesAsync(ct);
    }

    private static Inbound Complaint(Survey survey, Customer customer, string key, string text, long? number) => new()
    {
        Source = "feedback", Key = key, Channel = Channel.Api, Email = customer.Email, Name = customer.Name, DefaultLanguage = survey.Language,
        Subject = Texts.Format(survey.Language, "Feedback.Complaint.Subject", survey.Value ?? 0),
        Topic = Topics.Complaints, Priority = Priority.High, Message = new NewMessage(text), Acknowledge = false,
        ThreadByNumber = number, OrderNumbers = number is null && survey.OrderNumber is { } o ? [o] : [], Actor = Actor,
    };

    private Task<Customer?> CustomerAsync(Survey survey, CancellationToken ct) =>
        db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == survey.CustomerId && c.ErasedAt == null, ct);
}
