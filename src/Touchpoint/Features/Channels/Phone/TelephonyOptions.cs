namespace Touchpoint.Features.Channels.Phone;

/// <summary><c>Touchpoint:Telephony</c>: the provider's webhooks and the callback requests.</summary>
public sealed class TelephonyOptions
{
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>Callback requests one address may send through <c>/callback</c> per window.</summary>
    public int FormSubmitsPerWindow { get; set; } = 5;
    public TimeSpan FormWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>People need a few seconds to fill the form; a form sent back faster is a bot.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>POST /api/v1/callbacks</c> per API key (or address) per minute: a widget gone wild must not flood the queue.</summary>
    public int ApiCallbacksPerMinute { get; set; } = 60;

    public bool IsValid(out string error)
    {
        error = "";
        if (FormSubmitsPerWindow < 1 || FormWindow < TimeSpan.FromSeconds(1) || MinimumFillTime < TimeSpan.Zero || ApiCallbacksPerMinute < 1)
        {
            error = "Touchpoint:Telephony: FormSubmitsPerWindow ≥ 1, FormWindow ≥ 1 s, MinimumFillTime ≥ 0, ApiCallbacksPerMinute ≥ 1.";
            return false;
        }
        if (Twilio.PublicBaseUrl is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && u.Query.Length == 0))
        {
            error = "Touchpoint:Telephony:Twilio:PublicBaseUrl must be an absolute http(s) URL without a query, e.g. https://help.shop.example.";
            return false;
        }
        if (Twilio.VoicemailMaxSeconds is < 5 or > 600)
        {
            error = "Touchpoint:Telephony:Twilio:VoicemailMaxSeconds must be 5–600.";
            return false;
        }
        return true;
    }
}

public sealed class TwilioOptions
{
    /// <summary>The account's auth token: signs Twilio's requests. Without it the Twilio endpoints are off (404).</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The address Twilio calls when it differs from what the app sees (a reverse proxy terminating TLS): the
    /// signature covers the URL Twilio used, so it must be rebuilt from this.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public int VoicemailMaxSeconds { get; set; } = 120;

    public bool Enabled => !string.IsNullOrEmpty(AuthToken);
}
