using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;
using static Touchpoint.Platform.Web.PublicPage;

namespace Touchpoint.Features.Feedback;

/// <summary>
/// The public survey pages: static HTML without script. <c>GET /survey/{token}</c> records the link's value and shows the
/// comment form in the survey's language; <c>POST /survey/{token}</c> (the same signed token, so no other secret) stores
/// the comment and reason. A forged or cut link, and a closed survey, get a page in the visitor's language and change nothing.
/// </summary>
public static class SurveyPage
{
    private const long MaxFormBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapSurveyPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/survey/{token}", ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/survey/{token}", ExplainAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task ShowAsync(string token, string? lang, HttpContext http, AnswerSurvey answer, IOptions<StoreOptions> store, FeedbackSettingsStore settings)
    {
        var result = await answer.ExecuteAsync(token, http.RequestAborted);
        var review = (await settings.GetAsync(http.RequestAborted)).PromoterReviewUrl;
        await WriteAsync(http, result, lang, token, store.Value, thanks: false, review);
    }

    private static async Task ExplainAsync(string token, HttpContext http, AnswerSurvey answer, IOptions<StoreOptions> store, FeedbackSettingsStore settings)
    {
        var (form, status) = await PublicForm.ReadAsync(http, MaxFormBytes, http.RequestAborted);
        var lang = form is null ? (string?)http.Request.Query["lang"] : (string?)form["lang"];
        if (form is null)
        {
            var language = PublicForm.PickLanguage(http, lang);
            await PublicPage.WriteAsync(http, status, Page(language, store.Value, Texts.Get(language, "Feedback.Page.BadLink.Title"), $"<p>{E(PublicForm.Unreadable(language, status))}</p>"), http.RequestAborted);
            return;
        }
        var result = await answer.ExplainAsync(token, PublicForm.Field(form, "comment", 4000), PublicForm.Field(form, "reason", 64), http.RequestAborted);
        var review = (await settings.GetAsync(http.RequestAborted)).PromoterReviewUrl;
        await WriteAsync(http, result, lang, token, store.Value, thanks: true, review);
    }

    private static Task WriteAsync(HttpContext http, AnswerResponse result, string? lang, string token, StoreOptions store, bool thanks, string? review)
    {
        if (result.Survey is not { } survey)
        {
            var visitor = PublicForm.PickLanguage(http, lang);
            var title = Texts.Get(visitor, "Feedback.Page.BadLink.Title");
            return PublicPage.WriteAsync(http, StatusCodes.Status404NotFound,
                Page(visitor, store, title, $"<h1>{E(title)}</h1><p>{E(Texts.Get(visitor, "Feedback.Page.BadLink"))}</p>"), http.RequestAborted);
        }
        var language = lang is null ? Languages.Normalize(survey.Language) : Languages.Normalize(lang);
        if (result.Result == AnswerResult.Closed)
        {
            var title = Texts.Get(language, "Feedback.Page.Closed.Title");
            return PublicPage.WriteAsync(http, StatusCodes.Status410Gone,
                Page(language, store, title, $"<h1>{E(title)}</h1><p>{E(Texts.Get(language, "Feedback.Page.Closed"))}</p>"), http.RequestAborted);
        }
        return PublicPage.WriteAsync(http, StatusCodes.Status200OK, Answered(survey, language, token, store, thanks, review), http.RequestAborted);
    }

    /// <summary>The thank-you page; a promoter's (NPS 9–10) also invites a public review when the settings name a link.</summary>
    private static string Answered(Survey survey, string language, string token, StoreOptions store, bool thanks, string? review)
    {
        var title = Texts.Get(language, "Feedback.Page.Thanks.Title");
        var scale = survey.Kind == SurveyKind.Csat ? "1–5" : "0–10";
        var body = new StringBuilder()
            .Append("<p class=\"store\">").Append(E(store.Name)).Append("</p><h1>").Append(E(title)).Append("</h1>")
            .Append("<p>").Append(E(Texts.Format(language, "Feedback.Page.Recorded", survey.Value?.ToString(CultureInfo.InvariantCulture) ?? "", scale))).Append("</p>")
            .Append("<p class=\"hint\">").Append(E(Texts.Get(language, "Feedback.Page.ChangeHint"))).Append("</p>");
        if (review is not null && survey.Kind == SurveyKind.Nps && survey.Value is { } v && FeedbackScores.IsPromoter(v))
        {
            body.Append("<p class=\"review\"><a href=\"").Append(E(review)).Append("\" rel=\"noopener\">").Append(E(Texts.Get(language, "Feedback.Page.Review"))).Append("</a></p>");
        }
        if (thanks)
        {
            body.Append("<div class=\"ok\" role=\"status\">").Append(E(Texts.Get(language, "Feedback.Page.CommentSaved"))).Append("</div>");
        }
        var question = survey.Kind == SurveyKind.Nps ? Texts.Get(language, "Feedback.Page.Why") : Texts.Get(language, "Feedback.Page.Comment");
        body.Append("<form method=\"post\" action=\"/survey/").Append(E(token)).Append("\">")
            .Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language).Append("\">")
            .Append("<label for=\"reason\">").Append(E(Texts.Get(language, "Feedback.Page.Reason"))).Append("</label>")
            .Append("<select id=\"reason\" name=\"reason\"><option value=\"\">—</option>");
        foreach (var r in AnswerSurvey.Reasons(survey.Kind))
        {
            body.Append("<option value=\"").Append(r).Append('"').Append(survey.Reason == r ? " selected" : "").Append('>')
                .Append(E(Texts.Get(language, $"Feedback.Reason.{r}"))).Append("</option>");
        }
        body.Append("</select><label for=\"comment\">").Append(E(question)).Append("</label>")
            .Append("<textarea id=\"comment\" name=\"comment\" maxlength=\"4000\">").Append(E(survey.Comment)).Append("</textarea>")
            .Append("<button type=\"submit\">").Append(E(Texts.Get(language, "Feedback.Page.Send"))).Append("</button></form>");
        return Page(language, store, title, body.ToString());
    }

    private static string Page(string language, StoreOptions store, string title, string body) =>
        Layout(language, title, store.Name, FormCss, body, null, "<meta name=\"robots\" content=\"noindex\">");
}
