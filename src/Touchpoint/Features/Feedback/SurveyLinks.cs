using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Orders;

namespace Touchpoint.Features.Feedback;

/// <summary>
/// The one-click links of a survey: each carries the survey's id and the value it records, encrypted and signed with
/// ASP.NET Data Protection, so a link can be neither guessed nor changed to another survey or value.
/// </summary>
public sealed class SurveyLinks(IDataProtectionProvider protection, IOptions<OrdersOptions> orders)
{
    public const string Purpose = "Touchpoint.Feedback.SurveyLink.v1";
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Token(Guid surveyId, int value)
    {
        var payload = new byte[17];
        surveyId.TryWriteBytes(payload);
        payload[16] = checked((byte)value);
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }

    public string Url(Guid surveyId, int value) => $"{orders.Value.PublicBaseUrl.TrimEnd('/')}/survey/{Token(surveyId, value)}";

    /// <summary>The survey and value a token names; null for anything not made here (forged, cut, from another purpose).</summary>
    public (Guid SurveyId, int Value)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 400)
        {
            return null;
        }
        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return payload.Length == 17 ? (new Guid(payload.AsSpan(0, 16)), payload[16]) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
