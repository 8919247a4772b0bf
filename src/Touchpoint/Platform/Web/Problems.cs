using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Platform.Web;

/// <summary>A rule of the domain refused a change (an illegal status move). Answered as 409 with the reason, so the message is
/// for people: take it from <see cref="Texts.Ui"/>.</summary>
public sealed class DomainRuleException(string message) : Exception(message);

/// <summary>Turns unexpected exceptions into RFC 7807 answers without leaking internals.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json })
        {
            // A body the binder could not read: say which field, like every other validation answer.
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [JsonBodies.Field(json)] = [JsonBodies.Message(json)] })
                {
                    Status = StatusCodes.Status400BadRequest, Title = Texts.Ui("Problem.Title.Invalid"),
                },
            });
        }
        var (status, title, detail) = exception switch
        {
            DomainRuleException rule => (StatusCodes.Status409Conflict, Texts.Ui("Problem.Title.NotAllowed"), rule.Message),
            // The detail is the framework's own (English) account of what it could not read.
            BadHttpRequestException bad => (bad.StatusCode, Texts.Ui("Problem.Title.BadRequest"), bad.Message),
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, Texts.Ui("Problem.Title.Conflict"), Texts.Ui("Problem.ChangedMeanwhile")),
            OperationCanceledException => (499, Texts.Ui("Problem.Title.Cancelled"), (string?)null),
            _ => (StatusCodes.Status500InternalServerError, Texts.Ui("Problem.Title.Unexpected"), (string?)null),
        };
        if (status >= 500)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = status;
        if (StatusPages.IsBrowserPage(httpContext.Request) && !httpContext.Response.HasStarted)
        {
            // A person's page failed: they get a page in their language, not a JSON document.
            await StatusPages.WriteBrowserPageAsync(httpContext, status);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private partial void LogUnhandled(Exception ex, string method, string path);
}

/// <summary>
/// Answers for what went wrong. Titles are in the language of the person asking (<see cref="Texts.Ui"/>); so are the
/// details and field messages, which the callers take from the resx the same way. Field names stay as they are.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Texts.Ui("Problem.Title.NotFound"), detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Texts.Ui("Problem.Title.Forbidden"), detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Texts.Ui("Problem.Title.NotAllowed"), detail: detail);

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: Texts.Ui("Problem.Title.Invalid"));
}

/// <summary>Collects field errors for one request. Messages come from the resx: <c>v.Require(ok, "name", Texts.Ui("Valid.Required"))</c>.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public Validation Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    /// <summary>
    /// No order, call or message of a store's customer service is older than this: an earlier instant (year 1 from a
    /// default value, a Unix epoch of 0) is a mistake upstream, and stored it would poison every report's range.
    /// </summary>
    public static readonly DateTime EarliestInstant = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>An instant sent from outside: on or after <see cref="EarliestInstant"/> and not later than <paramref name="latest"/>.</summary>
    public Validation RequirePlausible(DateTimeOffset? value, string field, DateTime latest) => value is not { } v ? this
        : v.UtcDateTime < EarliestInstant ? Add(field, Texts.Ui("Valid.TooEarly", EarliestInstant.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
        : v.UtcDateTime > latest ? Add(field, Texts.Ui("Valid.NotFuture"))
        : this;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem ToProblem() => Problems.Invalid(Errors);
}
