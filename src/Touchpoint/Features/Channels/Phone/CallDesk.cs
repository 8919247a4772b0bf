using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Routing;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Channels.Phone;

public enum CallEventKind
{
    Ringing,
    Answered,
    Missed,
    Ended,
}

/// <summary>What the telephony provider posts (<c>POST /api/v1/telephony/calls</c>), unchecked.</summary>
public sealed record CallEventRequest
{
    public string? CallId { get; init; }
    public string? Event { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }

    /// <summary>The agent's email (answered, ended).</summary>
    public string? Agent { get; init; }

    /// <summary>ISO 8601; default now.</summary>
    public string? At { get; init; }
    public int? DurationSeconds { get; init; }
    public string? RecordingUrl { get; init; }
    public string? VoicemailUrl { get; init; }
}

/// <summary>A checked call event: numbers in E.164 (<see cref="From"/> null when withheld), the agent resolved.</summary>
public sealed record CallEvent(
    string CallId, CallEventKind Kind, string? From, string? To, AgentCard? Agent, DateTime At, int? DurationSeconds, string? RecordingUrl, string? VoicemailUrl);

public sealed record RingTargetResponse(string Agent, string Number, int TimeoutSeconds, string Reason);

public sealed record RingResponse(string CallId, IReadOnlyList<RingTargetResponse> Targets, string Fallback, Guid? Customer, string Language);

/// <summary>What an event did: the call's state now, the conversation it is on, whether it changed anything.</summary>
public sealed record CallResponse(string CallId, string State, bool Changed, long? Conversation, string? ConversationUrl);

public static class CallRules
{
    public const int MaxCallIdChars = 128;
    public const int MaxUrlChars = 2000;

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>What providers send for a hidden number.</summary>
    private static readonly string[] Withheld = ["anonymous", "private", "unknown", "restricted", "unavailable", "withheld"];

    public static bool IsWithheld(string? raw) => string.IsNullOrWhiteSpace(raw) || Withheld.Contains(raw.Trim().ToLowerInvariant());

    /// <summary>
    /// A number the phone library finds impossible (an old import, a numbering plan it does not know yet), kept as
    /// the digits it is, so a customer stored with it is still recognised; null when it is not digits at all.
    /// </summary>
    public static string? AsGiven(string? raw)
    {
        var s = raw?.Trim() ?? "";
        var digits = s.StartsWith('+') ? s[1..] : s;
        return digits.Length is >= 3 and <= 20 && digits.All(char.IsAsciiDigit) ? "+" + digits : null;
    }

    /// <summary>The caller as the ringing decision looks them up: E.164, or the digits as given, or null (withheld).</summary>
    public static string? Caller(string? raw, string region) =>
        IsWithheld(raw) ? null : CustomerRules.ToE164(raw, region) ?? AsGiven(raw);

    public static bool IsWebUrl(string? url) =>
        url is not null && url.Length <= MaxUrlChars && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// The language to greet a caller nobody knows yet in: their number's country (Poland: Polish; Russia and its
    /// neighbours where Russian is the common language: Russian), English otherwise.
    /// </summary>
    public static string LanguageOfNumber(string e164)
    {
        try
        {
            return Numbers.GetRegionCodeForNumber(Numbers.Parse(e164, null)) switch
            {
                "PL" => "pl",
                "RU" or "BY" or "KZ" or "KG" => "ru",
                _ => "en",
            };
        }
        catch (NumberParseException)
        {
            return "en";
        }
    }

    /// <summary>What the ringing decision guesses for a caller with no customer record: their number's language; null when withheld.</summary>
    public static string? LanguageGuess(string? caller) => caller is null ? null : LanguageOfNumber(caller);

    /// <summary>The language to answer a ringing call in: the customer's, else the guess from the number, else English.</summary>
    public static string Language(RingPlan plan, string? guess) => plan.CustomerLanguage ?? guess ?? "en";

    /// <summary>Checks an event; the agent must have a profile (routing's memory knows them).</summary>
    public static CallEvent? Check(CallEventRequest? r, string region, RoutingBoard board, DateTime now, Validation v)
    {
        if (r is null)
        {
            v.Add("body", Texts.Ui("Valid.JsonBody"));
            return null;
        }
        var callId = r.CallId?.Trim();
        v.Require(!string.IsNullOrEmpty(callId) && callId.Length <= MaxCallIdChars && callId.All(c => c > ' ' && c < 127), "callId",
            Texts.Ui("Valid.Phone.CallId", MaxCallIdChars));
        var kind = default(CallEventKind);
        v.Require(Wire.TryParse(r.Event, out kind), "event", Texts.Ui("Valid.OneOf", "ringing, answered, missed, ended"));
        string? from = null;
        if (!IsWithheld(r.From) && (from = CustomerRules.ToE164(r.From, region)) is null)
        {
            // A ringing call is answered whatever the caller's number looks like: the phone must ring somewhere.
            from = kind == CallEventKind.Ringing ? AsGiven(r.From) : null;
            if (from is null)
            {
                v.Add("from", Texts.Ui("Valid.Phone.From", r.From, region));
            }
        }
        string? to = null;
        if (!string.IsNullOrWhiteSpace(r.To) && (to = CustomerRules.ToE164(r.To, region)) is null)
        {
            v.Add("to", Texts.Ui("Valid.Phone.NotNumber", r.To));
        }
        AgentCard? agent = null;
        if (!string.IsNullOrWhiteSpace(r.Agent) && (agent = board.AgentByEmail(r.Agent.Trim())) is null)
        {
            v.Add("agent", Texts.Ui("Problem.Agents.NotFound", r.Agent));
        }
        v.Require(kind != CallEventKind.Answered || !string.IsNullOrWhiteSpace(r.Agent), "agent", Texts.Ui("Valid.Phone.Answerer"));
        var at = now;
        if (!string.IsNullOrWhiteSpace(r.At))
        {
            if (DateTimeOffset.TryParse(r.At, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && r.At.Contains('T', StringComparison.Ordinal))
            {
                at = parsed.UtcDateTime;
                // A provider's clock may run a little ahead; a day ahead is a wrong time zone, not a call.
                v.Require(at <= now.AddMinutes(5) && at >= now.AddDays(-7), "at", Texts.Ui("Valid.Phone.At"));
            }
            else
            {
                v.Add("at", Texts.Ui("Valid.Phone.Instant"));
            }
        }
        v.Require(r.DurationSeconds is null or (>= 0 and <= 86_400), "durationSeconds", Texts.Ui("Valid.Phone.Duration"));
        v.Require(r.RecordingUrl is null || IsWebUrl(r.RecordingUrl), "recordingUrl", Texts.Ui("Valid.Phone.Url", MaxUrlChars));
        v.Require(r.VoicemailUrl is null || IsWebUrl(r.VoicemailUrl), "voicemailUrl", Texts.Ui("Valid.Phone.Url", MaxUrlChars));
        return v.IsValid ? new CallEvent(callId!, kind, from, to, agent, at, r.DurationSeconds, r.RecordingUrl, r.VoicemailUrl) : null;
    }

    public static RingResponse ToResponse(string callId, RingPlan plan, string? languageGuess) =>
        new(callId, plan.Targets.Select(t => new RingTargetResponse(t.Agent, t.Number, t.TimeoutSeconds, t.Reason)).ToList(), plan.Fallback, plan.CustomerId,
            Language(plan, languageGuess));
}

/// <summary>
/// The life of a call after it rang: answered (the agent is busy on the phone), ended (on the customer's phone
/// conversation, with the agent who took it), missed (a callback task, routed like any conversation). Every event
/// is applied once per call, however often the provider repeats it.
/// </summary>
public sealed partial class CallDesk(
    TouchpointDb db, CustomerDirectory customers, ConversationDesk desk, RoutingBoard board, IOptions<StoreOptions> store, ILogger<CallDesk> logger)
{
    public const string Source = "phone";
    public const string Actor = "system:telephony";

    public async Task<CallResponse> ApplyAsync(CallEvent e, CancellationToken ct)
    {
        var (call, change) = await RetryAsync(() => ChangeStateAsync(e, ct));
        // Saved; what follows writes the conversation and then the call's two links with one update.
        db.Entry(call).State = EntityState.Detached;
        switch (change)
        {
            case CallChange.Answered:
                board.CallStarted(call.AgentId!, e.At);
                break;
            case CallChange.Ended when call.AgentId is { } agentId:
                board.CallEnded(agentId, e.At);
                break;
        }
        // The state is saved first, the conversation after: when landing fails, the provider's retry finds the call
        // without its conversation and lands it then (the receipts keep the message from landing twice).
        if (call.NeedsConversation && call.From is not null)
        {
            var number = await RetryAsync(() => LandCallAsync(call, ct));
            await db.WriteAsync(() => db.Set<PhoneCall>().Where(c => c.Id == call.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConversationNumber, number).SetProperty(c => c.CustomerId, call.CustomerId), ct), ct);
            call.ConversationNumber = number;
        }
        else if (change == CallChange.Voicemail && call.ConversationNumber is { } task && call.From is { } from)
        {
            await RetryAsync(async () =>
            {
                var customer = await customers.FindOrCreateByPhoneAsync(from, null, CallRules.LanguageOfNumber(from), ct);
                var text = Texts.Format(customer.Language, "Phone.Voicemail", call.VoicemailUrl);
                return await LandAsync(call, customer, Channel.Callback, "voicemail", Texts.Format(customer.Language, "Phone.Subject.Callback", CustomerRules.Display(from)), text, task, null, ct);
            });
        }
        return new CallResponse(call.CallId, call.State.ToWire(), change != CallChange.None, call.ConversationNumber,
            call.ConversationNumber is { } n ? $"/api/v1/conversations/{n}" : null);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateException ex) when (attempt < 5 && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
                // The same event delivered twice at once, the ringing record written meanwhile, routing assigning the
                // conversation at the same moment: read again and decide again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<(PhoneCall Call, CallChange Change)> ChangeStateAsync(CallEvent e, CancellationToken ct)
    {
        var call = await db.Set<PhoneCall>().FirstOrDefaultAsync(c => c.CallId == e.CallId, ct);
        var created = call is null;
        if (call is null)
        {
            call = new PhoneCall
            {
                CallId = e.CallId, From = e.From, To = e.To, CustomerId = e.From is null ? null : board.Caller(e.From)?.CustomerId,
                StartedAt = e.Kind == CallEventKind.Ringing ? e.At : e.At.AddSeconds(-(e.DurationSeconds ?? 0)), UpdatedAt = e.At,
            };
            db.Add(call);
        }
        var change = e.Kind switch
        {
            CallEventKind.Ringing => created ? CallChange.Ringing : CallChange.None,
            CallEventKind.Answered => call.Answer(e.Agent!.UserId, e.At),
            CallEventKind.Ended => call.End(e.Agent?.UserId, e.At, e.DurationSeconds, e.RecordingUrl, e.VoicemailUrl),
            _ => call.Miss(e.At, e.VoicemailUrl),
        };
        if (created || change != CallChange.None)
        {
            await db.SaveChangesAsync(ct);
            LogCall(e.CallId, change.ToWire(), call.State.ToWire());
        }
        return (call, change);
    }

    /// <summary>Puts the call on the customer's open conversation of its kind (or starts one) and returns its number.</summary>
    private async Task<long> LandCallAsync(PhoneCall call, CancellationToken ct)
    {
        var from = call.From!;
        var customer = await customers.FindOrCreateByPhoneAsync(from, null, CallRules.LanguageOfNumber(from), ct);
        call.CustomerId = customer.Id;
        var lang = customer.Language;
        var shown = CustomerRules.Display(from);
        var culture = Languages.Culture(lang);
        if (call.State == CallState.Ended)
        {
            var agent = board.Agent(call.AgentId ?? "");
            var lines = new List<string>
            {
                Texts.Format(lang, "Phone.Call.Answered", shown, agent?.Name ?? agent?.Email ?? "—", When.Format(store.Value, call.AnsweredAt ?? call.EndedAt!.Value, lang, When.Style.Full),
                    Duration(lang, call.DurationSeconds ?? 0)),
            };
            if (call.RecordingUrl is { } recording)
            {
                lines.Add(Texts.Format(lang, "Phone.Call.Recording", recording));
            }
            var open = await OpenAsync(customer.Id, Channel.Phone, ct);
            // The agent who talked to the customer gets the conversation (unless someone already has it), in the same
            // save that lands the call: routing never sees it unassigned and gives it to someone else.
            var assignee = call.AgentId is { } agentId ? new InboundAssignee(agentId, AssignmentReasons.AnsweredCall) : null;
            return await LandAsync(call, customer, Channel.Phone, "ended", Texts.Format(lang, "Phone.Subject.Call", shown), string.Join("\n", lines), open, assignee, ct);
        }
        var nobody = call.RingTargets == 0;
        var text = new List<string>
        {
            Texts.Format(lang, nobody ? "Phone.Missed.NobodyAvailable" : "Phone.Missed.NoAnswer", shown, When.Format(store.Value, call.EndedAt ?? call.StartedAt, lang, When.Style.Full)),
        };
        if (call.VoicemailUrl is { } voicemail)
        {
            text.Add(Texts.Format(lang, "Phone.Voicemail", voicemail));
        }
        // A second missed call while the first callback is still open joins it: one task per customer to call back.
        var openTask = await OpenAsync(customer.Id, Channel.Callback, ct);
        LogMissed(call.CallId, nobody ? "nobody available" : "no answer");
        return await LandAsync(call, customer, Channel.Callback, "missed", Texts.Format(lang, "Phone.Subject.Callback", shown), string.Join("\n", text), openTask, null, ct);
    }

    private async Task<long> LandAsync(PhoneCall call, Customer customer, Channel channel, string step, string subject, string text, long? thread, InboundAssignee? assignee,
        CancellationToken ct)
    {
        var landed = await desk.ReceiveAsync(new Inbound
        {
            Source = Source, Key = $"{call.CallId}:{step}", Channel = channel, Email = customer.Email, Phone = call.From,
            // A caller nobody has named yet is shown by their number.
            Name = customer.Name.Length > 0 ? customer.Name : CustomerRules.Display(call.From!),
            DefaultLanguage = customer.Language, Subject = subject, Message = new NewMessage(text), ThreadByReference = thread,
            AssignTo = assignee, Acknowledge = false, Actor = Actor,
        }, ct);
        return landed.Number;
    }

    /// <summary>The customer's newest conversation of this channel that is still being worked on.</summary>
    public static async Task<long?> OpenConversationAsync(TouchpointDb db, Guid customerId, Channel channel, CancellationToken ct) =>
        await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.CustomerId == customerId && c.Channel == channel
                && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending))
            .OrderByDescending(c => c.LastMessageAt)
            .Select(c => (long?)c.Number)
            .FirstOrDefaultAsync(ct);

    private Task<long?> OpenAsync(Guid customerId, Channel channel, CancellationToken ct) => OpenConversationAsync(db, customerId, channel, ct);

    public static string Duration(string lang, int seconds) =>
        Texts.Format(lang, "Phone.Call.Duration", seconds / 60, seconds % 60);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: {Change}, now {State}")]
    private partial void LogCall(string callId, string change, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} missed ({Reason}): a callback task")]
    private partial void LogMissed(string callId, string reason);
}
