using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Outbox;

namespace Touchpoint.Features.Notifications;

/// <summary>
/// POSTs the event JSON to the store. <c>X-Touchpoint-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))</c>,
/// <c>X-Touchpoint-Timestamp</c> (unix seconds) against replays, <c>X-Touchpoint-Delivery</c> (stable across retries) for dedupe.
/// A 2xx answer is delivered; 4xx other than 408/429 will never succeed and is not retried.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time) : IOutboxSender
{
    public const string ChannelName = "webhook";

    public string Channel => ChannelName;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Recipient)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Touchpoint-Delivery", message.Id.ToString());
        request.Headers.Add("X-Touchpoint-Event", message.Kind);
        request.Headers.Add("X-Touchpoint-Timestamp", timestamp);
        if (!string.IsNullOrEmpty(options.Value.Secret))
        {
            request.Headers.Add("X-Touchpoint-Signature", "sha256=" + Sign(options.Value.Secret, timestamp, message.Body));
        }
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Touchpoint", "1.0"));
        using var response = await clients.CreateClient(ChannelName).SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        if (status is >= 400 and < 500 and not 408 and not 429)
        {
            throw new PermanentDeliveryException($"The store answered {status}.");
        }
        throw new HttpRequestException($"The store answered {status}.");
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
