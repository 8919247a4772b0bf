using System.Net;
using System.Xml.Linq;
using Touchpoint.Features.Channels.Phone;
using Touchpoint.Features.Routing;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Phone;

public sealed class TwilioSignatureTests
{
    // The voice request of twilio-ruby's validator spec: a signature Twilio computed, not one computed here.
    private const string Token = "2bd9e9638872de601313dc77410d3b23";
    private const string Url = "http://twiliotests.heroku.com/validate/voice";
    private const string Expected = "oVb2kXoVy8GEfwBDjR8bk/ZZ6eA=";

    private static Dictionary<string, string> Params() => new()
    {
        ["ToState"] = "California", ["CalledState"] = "California", ["Direction"] = "inbound", ["FromState"] = "CA",
        ["AccountSid"] = "ACba8bc05eacf94afdae398e642c9cc32d", ["Caller"] = "+14153595711", ["CallerZip"] = "94108", ["CallerCountry"] = "US",
        ["From"] = "+14153595711", ["FromCity"] = "SAN FRANCISCO", ["CallerCity"] = "SAN FRANCISCO", ["To"] = "+14157669926", ["FromZip"] = "94108",
        ["FromCountry"] = "US", ["ToCity"] = "", ["CallStatus"] = "ringing", ["CalledCity"] = "", ["CallerState"] = "CA", ["ToZip"] = "", ["ToCountry"] = "US",
        ["CallSid"] = "CA136d09cd59a3c0ec8dbff44da5c03f31", ["CalledCountry"] = "US", ["Called"] = "+14157669926", ["ApiVersion"] = "2010-04-01",
        ["ApplicationSid"] = "AP44efecad51364e80b133bb7c07eb8204", ["CalledZip"] = "",
    };

    [Fact]
    public void A_signature_twilio_made_is_valid() => Assert.True(TwilioSignature.IsValid(Token, Url, Params(), Expected));

    [Fact]
    public void A_tampered_parameter_is_refused()
    {
        var p = Params();
        p["From"] = "+14155550000";
        Assert.False(TwilioSignature.IsValid(Token, Url, p, Expected));
    }

    [Fact]
    public void An_added_parameter_is_refused()
    {
        var p = Params();
        p["Digits"] = "1";
        Assert.False(TwilioSignature.IsValid(Token, Url, p, Expected));
    }

    [Fact]
    public void Another_url_or_token_is_refused()
    {
        Assert.False(TwilioSignature.IsValid(Token, "https://twiliotests.heroku.com/validate/voice", Params(), Expected));
        Assert.False(TwilioSignature.IsValid(Token, Url + "?x=1", Params(), Expected));
        Assert.False(TwilioSignature.IsValid("0" + Token[1..], Url, Params(), Expected));
    }

    [Fact]
    public void A_missing_signature_is_refused()
    {
        Assert.False(TwilioSignature.IsValid(Token, Url, Params(), null));
        Assert.False(TwilioSignature.IsValid(Token, Url, Params(), ""));
    }

    [Fact]
    public void Dial_rings_one_number_for_its_time_and_reports_to_the_action()
    {
        var xml = XDocument.Parse(TwiML.Dial(new RingTarget("anna@shop.test", "+48221001001", 20, "account manager"), "https://help.shop.test/api/v1/telephony/twilio/dial-status?step=1", "+48600100200"));
        var dial = xml.Root!.Element("Dial")!;
        Assert.Equal("Response", xml.Root.Name.LocalName);
        Assert.Equal("20", dial.Attribute("timeout")!.Value);
        Assert.Equal("https://help.shop.test/api/v1/telephony/twilio/dial-status?step=1", dial.Attribute("action")!.Value);
        Assert.Equal("+48221001001", dial.Element("Number")!.Value);
    }

    [Fact]
    public void Voicemail_speaks_the_callers_language_and_records()
    {
        var xml = XDocument.Parse(TwiML.Voicemail("ru", "https://help.shop.test/api/v1/telephony/twilio/voicemail?step=0", 90));
        var say = xml.Root!.Element("Say")!;
        Assert.Equal("ru-RU", say.Attribute("language")!.Value);
        Assert.Contains("сообщение", say.Value, StringComparison.Ordinal);
        Assert.Equal("90", xml.Root.Element("Record")!.Attribute("maxLength")!.Value);
    }
}

public sealed class TwilioApp : TouchpointApp
{
    public const string Token = "test-auth-token-0123456789";

    public TwilioApp() => With("Touchpoint:Telephony:Twilio:AuthToken", Token).With("Touchpoint:Telephony:Twilio:PublicBaseUrl", "https://help.shop.test");
}

public sealed class TwilioVoiceTests(TwilioApp fixture) : IClassFixture<TwilioApp>
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Signed(string path, Dictionary<string, string> form, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSignature.Compute(TwilioApp.Token, "https://help.shop.test" + path, form));
        return request;
    }

    private static Dictionary<string, string> Call(string from) => new()
    {
        ["CallSid"] = "CA" + Guid.NewGuid().ToString("N"), ["From"] = from, ["To"] = "+48221001000", ["CallStatus"] = "ringing", ["Direction"] = "inbound",
    };

    [Fact]
    public async Task A_bad_or_missing_signature_is_403()
    {
        var client = App.CreateClient();
        var form = Call("+48600100200");
        using var tampered = Signed("/api/v1/telephony/twilio/voice", form);
        form["From"] = "+48600999999";
        tampered.Content = new FormUrlEncodedContent(form);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(tampered, Ct)).StatusCode);

        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telephony/twilio/voice") { Content = new FormUrlEncodedContent(Call("+48600100200")) };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(unsigned, Ct)).StatusCode);
    }

    [Fact]
    public async Task Nobody_to_ring_answers_voicemail_and_the_call_becomes_a_callback_task()
    {
        var client = App.CreateClient();
        var board = App.Get<RoutingBoard>();
        await PhoneTeam.QuietAsync(App, await App.SignedInAsync("ServiceOwner"));
        Assert.DoesNotContain(board.Agents, a => a.Presence == Presence.Online);
        var form = Call("+7 912 345 67 89");

        var response = await client.SendAsync(Signed("/api/v1/telephony/twilio/voice", form), Ct);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("ru-RU", xml.Root!.Element("Say")!.Attribute("language")!.Value);
        var record = xml.Root.Element("Record")!;
        Assert.Equal("https://help.shop.test/api/v1/telephony/twilio/voicemail?step=0", record.Attribute("action")!.Value);

        // Twilio posts the recording to the action; it joins the callback task.
        var recorded = new Dictionary<string, string>(form) { ["RecordingUrl"] = "https://api.twilio.com/recordings/RE1", ["RecordingDuration"] = "12" };
        var done = await client.SendAsync(Signed("/api/v1/telephony/twilio/voicemail?step=0", recorded), Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        var api = await App.ApiClientAsync();
        var (_, call) = await PostJsonAsync(api, new { callId = form["CallSid"], @event = "missed", from = form["From"] });
        Assert.False(call!["changed"]!.GetValue<bool>());
        var number = call["conversation"]!.GetValue<long>();
        var conversation = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync($"/api/v1/conversations/{number}", Ct))!;
        Assert.Equal("callback", conversation["channel"]!.GetValue<string>());
        Assert.Equal("ru", conversation["language"]!.GetValue<string>());
        var messages = conversation["messages"]!.AsArray();
        Assert.Equal(2, messages.Count);
        Assert.Contains("https://api.twilio.com/recordings/RE1", messages[1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private const string DialStatus = "/api/v1/telephony/twilio/dial-status";

    /// <summary>Two phone agents, free; the ringing answer for a new caller: the first number it dials.</summary>
    private async Task<(Dictionary<string, string> Form, string FirstNumber, Dictionary<string, string> AgentByNumber)> RingTwoAsync(HttpClient client)
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        await PhoneTeam.QuietAsync(App, owner);
        var agents = new Dictionary<string, string>
        {
            ["+48221008001"] = await PhoneTeam.AgentAsync(owner, "one", ["phone"], PhoneTeam.Phone1, "+48 22 100 80 01"),
            ["+48221008002"] = await PhoneTeam.AgentAsync(owner, "two", ["phone"], PhoneTeam.Phone1, "+48 22 100 80 02"),
        };
        var form = Call(PhoneTeam.NewPhone());
        var response = await client.SendAsync(Signed("/api/v1/telephony/twilio/voice", form), Ct);
        var dial = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!.Element("Dial")!;
        Assert.Equal("https://help.shop.test" + DialStatus + "?step=1", dial.Attribute("action")!.Value);
        var first = dial.Element("Number")!.Value;
        Assert.Contains(first, agents.Keys);
        return (form, first, agents);
    }

    private static Dictionary<string, string> Outcome(Dictionary<string, string> call, string status, Dictionary<string, string>? more = null)
    {
        var form = new Dictionary<string, string>(call) { ["CallStatus"] = "in-progress", ["DialCallStatus"] = status };
        foreach (var (key, value) in more ?? [])
        {
            form[key] = value;
        }
        return form;
    }

    [Fact]
    public async Task Dial_status_unanswered_rings_the_next_target_then_takes_a_voicemail_and_the_call_becomes_a_callback_task()
    {
        var client = App.CreateClient();
        var (form, first, agents) = await RingTwoAsync(client);

        var next = await client.SendAsync(Signed(DialStatus + "?step=1", Outcome(form, "no-answer")), Ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("text/xml", next.Content.Headers.ContentType!.MediaType);
        var dial = XDocument.Parse(await next.Content.ReadAsStringAsync(Ct)).Root!.Element("Dial")!;
        Assert.Equal(agents.Keys.Single(n => n != first), dial.Element("Number")!.Value);
        Assert.Equal("https://help.shop.test" + DialStatus + "?step=2", dial.Attribute("action")!.Value);

        // The last one is busy too: voicemail, in the language of the caller's number (Polish, nobody knows them yet).
        var last = await client.SendAsync(Signed(DialStatus + "?step=2", Outcome(form, "busy")), Ct);
        var xml = XDocument.Parse(await last.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Null(xml.Root!.Element("Dial"));
        Assert.Equal("pl-PL", xml.Root.Element("Say")!.Attribute("language")!.Value);
        Assert.Equal("https://help.shop.test/api/v1/telephony/twilio/voicemail?step=0", xml.Root.Element("Record")!.Attribute("action")!.Value);

        var api = await App.ApiClientAsync();
        var (_, call) = await PostJsonAsync(api, new { callId = form["CallSid"], @event = "missed", from = form["From"] });
        Assert.Equal("missed", call!["state"]!.GetValue<string>());
        Assert.False(call["changed"]!.GetValue<bool>());
        var conversation = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync($"/api/v1/conversations/{call["conversation"]!.GetValue<long>()}", Ct))!;
        Assert.Equal("callback", conversation["channel"]!.GetValue<string>());
        Assert.Equal("pl", conversation["language"]!.GetValue<string>());
        Assert.Equal(form["From"], conversation["customer"]!["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dial_status_answered_hangs_up_and_puts_the_call_on_a_phone_conversation_with_the_agent_who_took_it()
    {
        var client = App.CreateClient();
        var (form, first, agents) = await RingTwoAsync(client);

        var answered = Outcome(form, "completed", new() { ["DialCallDuration"] = "95", ["RecordingUrl"] = "https://api.twilio.com/recordings/RE2" });
        var response = await client.SendAsync(Signed(DialStatus + "?step=1", answered), Ct);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(xml.Root!.Element("Hangup"));
        var api = await App.ApiClientAsync();
        var (_, call) = await PostJsonAsync(api, new { callId = form["CallSid"], @event = "ended", from = form["From"], agent = agents[first] });
        Assert.Equal("ended", call!["state"]!.GetValue<string>());
        Assert.False(call["changed"]!.GetValue<bool>());
        var conversation = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync($"/api/v1/conversations/{call["conversation"]!.GetValue<long>()}", Ct))!;
        Assert.Equal("phone", conversation["channel"]!.GetValue<string>());
        Assert.Equal(agents[first], conversation["assignee"]!["email"]!.GetValue<string>());
        Assert.Equal("answered the call", conversation["assignmentReason"]!.GetValue<string>());
        Assert.Contains("https://api.twilio.com/recordings/RE2", conversation["messages"]!.AsArray().Single()!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dial_status_with_a_bad_or_missing_signature_is_403_and_changes_nothing()
    {
        var client = App.CreateClient();
        await PhoneTeam.QuietAsync(App, await App.SignedInAsync("ServiceOwner"));
        var form = Outcome(Call(PhoneTeam.NewPhone()), "no-answer");
        using var tampered = Signed(DialStatus + "?step=1", form);
        form["DialCallStatus"] = "completed";
        tampered.Content = new FormUrlEncodedContent(form);
        var refused = await client.SendAsync(tampered, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("<Response>", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var unsigned = new HttpRequestMessage(HttpMethod.Post, DialStatus + "?step=1") { Content = new FormUrlEncodedContent(form) };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(unsigned, Ct)).StatusCode);
        // Signed for another step: the signature covers the URL.
        using var otherStep = Signed(DialStatus + "?step=1", form);
        otherStep.RequestUri = new Uri(DialStatus + "?step=2", UriKind.Relative);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(otherStep, Ct)).StatusCode);

        // Nobody was free, so a genuine request would have missed the call; the refused ones did not.
        var (_, call) = await PostJsonAsync(await App.ApiClientAsync(), new { callId = form["CallSid"], @event = "missed", from = form["From"] });
        Assert.True(call!["changed"]!.GetValue<bool>());
    }

    private static async Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode?)> PostJsonAsync(HttpClient api, object body)
    {
        var response = await api.PostAsync("/api/v1/telephony/calls", System.Net.Http.Json.JsonContent.Create(body, options: Api.Json), Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }
}

public sealed class TwilioOffTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Without_an_auth_token_the_twilio_endpoints_are_not_there()
    {
        var client = fixture.Ready().CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telephony/twilio/voice")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["CallSid"] = "CA1", ["From"] = "+48600100200" }),
        };
        request.Headers.Add("X-Twilio-Signature", "anything");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }
}
