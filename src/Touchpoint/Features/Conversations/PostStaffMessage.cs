using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Conversations;

/// <summary>
/// POST /api/v1/conversations/{number}/messages and the composer: an agent's public reply (mailed to the customer with
/// its files and copies through the outbox) or an internal note (files, no copies). Nothing is stored or sent unless
/// every file and address passes.
/// </summary>
public sealed class PostStaffMessage(ConversationDesk desk, IOptions<ReplyAttachmentOptions> options)
{
    public const int MaxBodyChars = 100_000;
    public const int MaxCopies = 20;

    public sealed record Request(long Number, MessageType Type, string Body, IReadOnlyList<NewAttachment> Attachments, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc)
    {
        public Request(long number, MessageType type, string body) : this(number, type, body, [], [], []) { }
    }

    public static Validation Validate(Request r, ReplyAttachmentOptions o)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(r.Body), "body", Texts.Ui("Valid.Conv.Text"));
        v.Require(r.Body.Length <= MaxBodyChars, "body", Texts.Ui("Valid.MaxChars", MaxBodyChars));
        AttachmentRules.Validate(v, r.Attachments, o);
        Copies(v, "cc", r.Cc, r.Type);
        Copies(v, "bcc", r.Bcc, r.Type);
        return v;
    }

    private static void Copies(Validation v, string field, IReadOnlyList<string> addresses, MessageType type)
    {
        if (addresses.Count == 0)
        {
            return;
        }
        v.Require(type == MessageType.Reply, field, Texts.Ui("Valid.Conv.CopiesOnReply"));
        v.Require(addresses.Count <= MaxCopies, field, Texts.Ui("Valid.Conv.CopiesCount", MaxCopies));
        foreach (var bad in addresses.Where(a => !InboundText.IsEmail(a)))
        {
            v.Add(field, Texts.Ui("Valid.Conv.CopyAddress", bad));
        }
    }

    /// <summary>Addresses typed into one box, separated by commas, semicolons or spaces.</summary>
    public static IReadOnlyList<string> SplitAddresses(string? text) =>
        (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The message, or null when there is no conversation of that number; <see cref="Validate"/> first.</summary>
    public async Task<(ConversationMessage? Message, Validation Validation)> ExecuteAsync(Request r, ClaimsIdentityInfo author, CancellationToken ct)
    {
        var v = Validate(r, options.Value);
        if (!v.IsValid)
        {
            return (null, v);
        }
        var message = await desk.AddStaffMessageAsync(r.Number, r.Type, r.Body, r.Attachments, author, ct,
            r.Cc.Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), r.Bcc.Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        return (message, v);
    }
}
