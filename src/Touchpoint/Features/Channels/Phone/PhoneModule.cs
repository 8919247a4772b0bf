using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Routing;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Channels.Phone;

/// <summary>Phone and callbacks: the provider's call webhook (JSON and Twilio), callback tasks, the public callback form.</summary>
public static class PhoneModule
{
    public static IServiceCollection AddPhoneChannel(this IServiceCollection services)
    {
        services.AddOptions<TelephonyOptions>().BindConfiguration("Touchpoint:Telephony")
            .Validate(o => o.IsValid(out _), "Touchpoint:Telephony is not valid: FormSubmitsPerWindow ≥ 1, FormWindow ≥ 1 s, MinimumFillTime ≥ 0, ApiCallbacksPerMinute ≥ 1, Twilio:PublicBaseUrl an absolute http(s) URL, Twilio:VoicemailMaxSeconds 5–600.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddScoped<CallDesk>();
        services.AddScoped<IDomainEventHandler<CustomersMerged>, CustomerChangesForCalls>();
        services.AddScoped<IDomainEventHandler<CustomerErased>, CustomerChangesForCalls>();
        services.AddSingleton<RingingLog>();
        services.AddHostedService(sp => sp.GetRequiredService<RingingLog>());
        services.AddCallbacks();
        return services;
    }

    public static WebApplication MapPhoneChannel(this WebApplication app)
    {
        app.MapPost("/api/v1/telephony/calls", CallEventAsync).WithTags("Telephony").WithName("CallEvent")
            .WithSummary("The telephony provider's call webhook: { callId, event: ringing|answered|missed|ended, from, to, agent, at, durationSeconds, recordingUrl, voicemailUrl }. "
                + "ringing answers at once, from memory, with whom to ring { targets: [{ agent, number, timeoutSeconds, reason }], fallback: voicemail|queue, language } — the account manager, then on-duty, then the phone group (in the customer's language, or for an unknown number its country's, whose speakers ring first); "
                + "answered/ended put the call on the customer's phone conversation with the agent who took it; missed (or ended unanswered) becomes a callback task. The same event twice changes nothing.")
            .RequireAuthorization(Policies.Integration);
        TwilioVoice.Map(app);
        Callbacks.Map(app);
        return app;
    }

    private static async Task<Results<Ok<RingResponse>, Ok<CallResponse>, ValidationProblem>> CallEventAsync(
        [FromBody] CallEventRequest? request, HttpContext http, RoutingBoard board, RingingLog log, IOptions<StoreOptions> store, TimeProvider time,
        IServiceProvider services, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow().UtcDateTime;
        var v = new Validation();
        if (CallRules.Check(request, store.Value.Country, board, now, v) is not { } e)
        {
            return v.ToProblem();
        }
        if (e.Kind == CallEventKind.Ringing)
        {
            // The provider holds the caller until this answer: memory only, the record is written afterwards.
            // Who is free is a question about this moment, whatever time the provider stamped the event with.
            var guess = CallRules.LanguageGuess(e.From);
            var plan = board.PlanCall(e.From, now, guess);
            log.Add(new RingRecord(e.CallId, e.From, e.To, plan.CustomerId, e.At, plan.Targets.Select(t => t.Agent).ToList()));
            http.Response.Headers["Server-Timing"] = "decision;dur=" + Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
            return TypedResults.Ok(CallRules.ToResponse(e.CallId, plan, guess));
        }
        return TypedResults.Ok(await services.GetRequiredService<CallDesk>().ApplyAsync(e, ct));
    }
}
