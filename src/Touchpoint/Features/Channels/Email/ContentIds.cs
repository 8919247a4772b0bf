using System.Text.RegularExpressions;

namespace Touchpoint.Features.Channels.Email;

/// <summary>
/// The Content-ID of a MIME part (RFC 2392: a msg-id of RFC 5322), which the HTML body names as <c>cid:…</c>.
/// A sender chooses it, and it ends up beside HTML, so only the plain msg-id shapes are taken: a dot-atom, or
/// dot-atom "@" (dot-atom or [literal]); printable ASCII with no quote of any kind, no space, no angle bracket.
/// A bare dot-atom without "@" is allowed too: Gmail names its inline images so (<c>ii_…</c>).
/// </summary>
public static partial class ContentIds
{
    /// <summary>The column holds 255; a longer id is no real mailer's.</summary>
    public const int MaxLength = 250;

    // atext of RFC 5322 without ' and ` (quotes have no business next to HTML attributes, and no mailer uses them);
    // dtext of the literal also without " < >.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&*+/=?^_{|}~-]+(?:\.[A-Za-z0-9!#$%&*+/=?^_{|}~-]+)*(?:@(?:[A-Za-z0-9!#$%&*+/=?^_{|}~-]+(?:\.[A-Za-z0-9!#$%&*+/=?^_{|}~-]+)*|\[[!#-&(-;=?-Z^_a-~]*\]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex MsgId();

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && MsgId().IsMatch(id);

    /// <summary>
    /// The id from a Content-ID header value (<c>&lt;id&gt;</c>, surrounding space allowed), or null when there is none
    /// or it is not a valid msg-id. The raw header is read rather than MimeKit's parsed value, which quietly drops
    /// spaces and keeps quotes (<c>&lt;a b@c&gt;</c> becomes <c>ab@c</c>).
    /// </summary>
    public static string? FromHeader(string? header)
    {
        var value = header?.Trim();
        if (value is null || value.Length == 0)
        {
            return null;
        }
        if (value.StartsWith('<') && value.EndsWith('>') && value.Length >= 2)
        {
            value = value[1..^1];
        }
        return IsValid(value) ? value : null;
    }
}
