using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Routing;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Channels.Phone;

/// <summary>
/// Twilio's request signature: HMAC-SHA1 keyed with the auth token over the full URL Twilio called followed by every
/// POST parameter, sorted by name, as name+value; base64 in <c>X-Twilio-Signature</c>.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }
        // SHA-1 is Twilio's choice, not ours: the signature must match theirs.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(authToken, url, parameters));
        // Constant time: a byte-by-byte early exit would tell an attacker how much of a forged signature is right.
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}

/// <summary>TwiML, the XML answer Twilio's voice webhooks expect.</summary>
public static class TwiML
{
    /// <summary>Ring one target; Twilio posts the outcome to <paramref name="action"/>.</summary>
    public static string Dial(RingTarget target, string action, string callerId) =>
        Doc(new XElement("Dial", new XAttribute("action", action), new XAttribute("method", "POST"), new XAttribute("timeout", target.TimeoutSeconds),
            new XAttribute("callerId", callerId), new XElement("Number", target.Number)));

    /// <summary>Nobody took the call: say so in the caller's language and record a message.</summary>
    public static string Voicemail(string language, string action, int maxSeconds) =>
        Doc(new XElement("Say", new XAttribute("language", SayLanguage(language)), Texts.Get(language, "Phone.Twilio.Voicemail")),
            new XElement("Record", new XAttribute("action", action), new XAttribute("method", "POST"), new XAttribute("maxLength", maxSeconds),
                new XAttribute("playBeep", "true"), new XAttribute("finishOnKey", "#")),
            new XElement("Say", new XAttribute("language", SayLanguage(language)), Texts.Get(language, "Phone.Twilio.Thanks")));

    public static string Hangup() => Doc(new XElement("Hangup"));

    public static string SayLanguage(string language) => language switch
    {
        "ru" => "ru-RU",
        "pl" => "pl-PL",
        _ => "en-US",
    };

    private static string Doc(params object[] verbs) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + new XElement("Response", verbs).ToString(SaveOptions.DisableFormatting);
}

/// <summary>
/// Twilio's voice webhooks: the incoming call rings the plan's targets one after another (account manager first),
/// each for its own time; when nobody answers, the caller leaves a voicemail and the call becomes a callback task.
/// </summary>
public static partial class TwilioVoice
{
    private const string Base = "/api/v1/telephony/twilio";

    public static void Map(IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup(Base).WithTags("Telephony").AllowAnonymous().DisableAntiforgery();
        twilio.MapPost("/voice", VoiceAsync).WithName("TwilioVoice")
            .WithSummary("Twilio's incoming-call webhook (form-encoded, signed with X-Twilio-Signature): TwiML that rings the account manager, then on-duty, then the phone group; voicemail when nobody answers. 404 without Touchpoint:Telephony:Twilio:AuthToken.");
        twilio.MapPost("/dial-status", DialStatusAsync).WithName("TwilioDialStatus").WithSummary("The <Dial> action: the next target, or voicemail; an answered call is recorded with its duration.");
        twilio.MapPost("/voicemail", VoicemailAsync).WithName("TwilioVoicemail").WithSummary("The <Record> action: the voicemail joins the callback task.");
    }

    /// <summary>The URL Twilio called: the configured public address when behind a proxy, otherwise what the request says.</summary>
    public static string PublicUrl(HttpRequest request, TwilioOptions options) =>
        (string.IsNullOrEmpty(options.PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.PublicBaseUrl.TrimEnd('/'))
        + request.Path + request.QueryString;

    /// <summary>The form when the request is Twilio's; null (and the answer written) otherwise.</summary>
    private static async Task<IFormCollection?> VerifiedFormAsync(HttpContext http, TwilioOptions o, CancellationToken ct)
    {
        if (!o.Enabled)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var parameters = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));
        if (!TwilioSignature.IsValid(o.AuthToken!, PublicUrl(http.Request, o), parameters, http.Request.Headers["X-Twilio-Signature"]))
        {
            LogBadSignature(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioVoice).FullName!), http.Request.Path);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return null;
        }
        return form;
    }

    private static async Task WriteAsync(HttpContext http, string twiml, CancellationToken ct)
    {
        http.Response.ContentType = "text/xml; charset=utf-8";
        await http.Response.WriteAsync(twiml, ct);
    }

    private static string Action(HttpContext http, TwilioOptions o, string path, int step) =>
        (string.IsNullOrEmpty(o.PublicBaseUrl) ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" : o.PublicBaseUrl.TrimEnd('/'))
        + $"{Base}/{path}?step={step.ToString(CultureInfo.InvariantCulture)}";

    private static async Task VoiceAsync(HttpContext http, IOptions<TelephonyOptions> options, IOptions<StoreOptions> store, RoutingBoard board, RingingLog log,
        IMemoryCache plans, TimeProvider time, CallDesk calls, CancellationToken ct)
    {
        var o = options.Value.Twilio;
        if (await VerifiedFormAsync(http, o, ct) is not { } form)
        {
            return;
        }
        var callSid = ((string?)form["CallSid"] ?? "").Trim();
        var from = CallRules.Caller(form["From"], store.Value.Country);
        var to = CustomerRules(form["To"], store.Value.Country);
        var now = time.GetUtcNow().UtcDateTime;
        var guess = CallRules.LanguageGuess(from);
        var plan = board.PlanCall(from, now, guess);
        plans.Set(PlanKey(callSid), plan, TimeSpan.FromHours(2));
        log.Add(new RingRecord(callSid, from, to, plan.CustomerId, now, plan.Targets.Select(t => t.Agent).ToList()));
        var language = CallRules.Language(plan, guess);
        if (plan.Targets.Count > 0)
        {
            await WriteAsync(http, TwiML.Dial(plan.Targets[0], Action(http, o, "dial-status", 1), (string?)form["From"] ?? ""), ct);
            return;
        }
        // Nobody to ring (a break, off-hours): the callback task exists before the caller even starts talking.
        await calls.ApplyAsync(new CallEvent(callSid, CallEventKind.Missed, from, to, null, now, null, null, null), ct);
        await WriteAsync(http, TwiML.Voicemail(language, Action(http, o, "voicemail", 0), o.VoicemailMaxSeconds), ct);
    }

    private static async Task DialStatusAsync(HttpContext http, int? step, IOptions<TelephonyOptions> options, IOptions<StoreOptions> store, RoutingBoard board,
        IMemoryCache plans, TimeProvider time, CallDesk calls, CancellationToken ct)
    {
        var o = options.Value.Twilio;
        if (await VerifiedFormAsync(http, o, ct) is not { } form)
        {
            return;
        }
        var callSid = ((string?)form["CallSid"] ?? "").Trim();
        var from = CallRules.Caller(form["From"], store.Value.Country);
        var to = CustomerRules(form["To"], store.Value.Country);
        var now = time.GetUtcNow().UtcDateTime;
        // The plan of the ringing answer, so "the next one" means the next of the same list; re-planned if this
        // instance did not answer the ringing (another instance, a restart).
        var guess = CallRules.LanguageGuess(from);
        var plan = plans.TryGetValue(PlanKey(callSid), out RingPlan? kept) && kept is not null ? kept : board.PlanCall(from, now, guess);
        var index = Math.Clamp((step ?? 1) - 1, 0, Math.Max(0, plan.Targets.Count - 1));
        var status = ((string?)form["DialCallStatus"] ?? "").Trim().ToLowerInvariant();
        if (status is "completed" or "answered" && plan.Targets.Count > 0)
        {
            var agent = board.AgentByEmail(plan.Targets[index].Agent);
            var duration = int.TryParse(form["DialCallDuration"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0;
            var recording = CallRules.IsWebUrl(form["RecordingUrl"]) ? (string?)form["RecordingUrl"] : null;
            await calls.ApplyAsync(new CallEvent(callSid, CallEventKind.Ended, from, to, agent, now, duration, recording, null), ct);
            await WriteAsync(http, TwiML.Hangup(), ct);
            return;
        }
        var next = index + 1;
        if (next < plan.Targets.Count)
        {
            await WriteAsync(http, TwiML.Dial(plan.Targets[next], Action(http, o, "dial-status", next + 1), (string?)form["From"] ?? ""), ct);
            return;
        }
        await calls.ApplyAsync(new CallEvent(callSid, CallEventKind.Missed, from, to, null, now, null, null, null), ct);
        var language = CallRules.Language(plan, guess);
        await WriteAsync(http, TwiML.Voicemail(language, Action(http, o, "voicemail", 0), o.VoicemailMaxSeconds), ct);
    }

    private static async Task VoicemailAsync(HttpContext http, IOptions<TelephonyOptions> options, IOptions<StoreOptions> store, TimeProvider time, CallDesk calls, CancellationToken ct)
    {
        var o = options.Value.Twilio;
        if (await VerifiedFormAsync(http, o, ct) is not { } form)
        {
            return;
        }
        var callSid = ((string?)form["CallSid"] ?? "").Trim();
        var from = CallRules.Caller(form["From"], store.Value.Country);
        var recording = (string?)form["RecordingUrl"];
        if (CallRules.IsWebUrl(recording) && callSid.Length is > 0 and <= CallRules.MaxCallIdChars)
        {
            await calls.ApplyAsync(new CallEvent(callSid, CallEventKind.Missed, from, CustomerRules(form["To"], store.Value.Country), null,
                time.GetUtcNow().UtcDateTime, null, null, recording), ct);
        }
        await WriteAsync(http, TwiML.Hangup(), ct);
    }

    private static string? CustomerRules(string? raw, string region) => Features.Customers.CustomerRules.ToE164(raw, region);

    private static string PlanKey(string callSid) => $"twilio-plan:{callSid}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio request to {Path} refused: bad or missing signature")]
    private static partial void LogBadSignature(ILogger logger, string path);
}
