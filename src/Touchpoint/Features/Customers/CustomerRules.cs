using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Customers;

/// <summary>What a valid profile is: addresses, E.164 phones, tags, style. Shared by the API and the workspace.</summary>
public static partial class CustomerRules
{
    public const int MaxEmails = 20;
    public const int MaxPhones = 20;
    public const int MaxTags = 50;
    public const int MaxNameChars = 200;
    public const int MaxNoteChars = 10_000;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}_.:/-]{0,49}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// The identity of a customer known by phone alone (a caller, a callback request without an address): unique per
    /// number and in the reserved <c>.invalid</c> domain (RFC 2606), so it can never be delivered to anyone.
    /// </summary>
    public static string PhoneOnlyEmail(string e164) => $"phone-{e164.TrimStart('+')}@phone.invalid";

    /// <summary>False for the stand-in addresses of phone-only and erased customers: nothing is mailed to them.</summary>
    public static bool HasMailbox(string email) => !email.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase);

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Trim().Length <= 320 && MailAddress.TryCreate(email.Trim(), out var parsed)
        && parsed.Address == email.Trim() && email[(email.LastIndexOf('@') + 1)..].Contains('.', StringComparison.Ordinal);

    /// <summary>The number in E.164 (<c>+48600100200</c>), or null when it cannot be a phone number. Numbers without
    /// a country code are read as the store's country's (<c>Touchpoint:Store:Country</c>).</summary>
    public static string? ToE164(string? raw, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40)
        {
            return null;
        }
        try
        {
            var number = Phones.Parse(raw.Trim(), defaultRegion);
            // Possible (right length for the country), not strictly valid: numbering plans change faster than the
            // library's ranges, and a customer's real new number must never be refused.
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>For display: <c>+48 600 100 200</c>.</summary>
    public static string Display(string e164)
    {
        try
        {
            return Phones.Format(Phones.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>Lower-case, spaces become '-': "VIP Client" → "vip-client". Null when nothing usable is left.</summary>
    public static string? NormalizeTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }
        var normalized = Spaces().Replace(tag.Trim().ToLowerInvariant(), "-").TrimStart('#');
        return TagPattern().IsMatch(normalized) ? normalized : null;
    }

    public static string ToWire(this Openness o) => o.ToString().ToLowerInvariant();

    public static string ToWire(this Confidence c) => c.ToString().ToLowerInvariant();

    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        return !string.IsNullOrEmpty(value) && value.All(char.IsAsciiLetterLower)
            && Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result);
    }

    public static string[] Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => v.ToString().ToLowerInvariant()).ToArray();

    /// <summary>The resource key of the approach that suits the type (seed 004), e.g. <c>Ui.Style.Approach.open.confident</c>.</summary>
    public static string ApproachKey(Openness openness, Confidence confidence) => $"Ui.Style.Approach.{openness.ToWire()}.{confidence.ToWire()}";

    public static string Approach(Openness openness, Confidence confidence, string language) => Texts.Get(language, ApproachKey(openness, confidence));

    /// <summary>
    /// Reads and checks the fields of a create or change request. Null members were not sent and do not change.
    /// Uniqueness of addresses needs the database: <see cref="CustomerDesk"/> checks it.
    /// </summary>
    public static CustomerChanges Check(CustomerDraft d, string region, Validation v)
    {
        List<string>? emails = null;
        if (d.Emails is not null)
        {
            emails = [];
            for (var i = 0; i < d.Emails.Count; i++)
            {
                if (!IsEmail(d.Emails[i])) { v.Add($"emails[{i}]", Texts.Ui("Valid.NotEmail")); continue; }
                var email = NormalizeEmail(d.Emails[i]!);
                if (emails.Contains(email)) { v.Add($"emails[{i}]", Texts.Ui("Valid.Twice")); continue; }
                emails.Add(email);
            }
            v.Require(d.Emails.Count >= 1, "emails", Texts.Ui("Valid.Customers.Emails"));
            v.Require(d.Emails.Count <= MaxEmails, "emails", Texts.Ui("Valid.Customers.MaxEmails", MaxEmails));
        }
        List<string>? phones = null;
        if (d.Phones is not null)
        {
            phones = [];
            for (var i = 0; i < d.Phones.Count; i++)
            {
                if (ToE164(d.Phones[i], region) is not { } e164)
                {
                    v.Add($"phones[{i}]", Texts.Ui("Valid.Customers.Phone", d.Phones[i], region));
                    continue;
                }
                if (!phones.Contains(e164)) { phones.Add(e164); }
            }
            v.Require(d.Phones.Count <= MaxPhones, "phones", Texts.Ui("Valid.Customers.MaxPhones", MaxPhones));
        }
        List<string>? tags = null;
        if (d.Tags is not null)
        {
            tags = [];
            for (var i = 0; i < d.Tags.Count; i++)
            {
                if (NormalizeTag(d.Tags[i]) is not { } tag) { v.Add($"tags[{i}]", Texts.Ui("Valid.Customers.Tag")); continue; }
                if (!tags.Contains(tag)) { tags.Add(tag); }
            }
            v.Require(d.Tags.Count <= MaxTags, "tags", Texts.Ui("Valid.Customers.MaxTags", MaxTags));
        }
        v.Require(d.Name is null || d.Name.Trim().Length <= MaxNameChars, "name", Texts.Ui("Valid.MaxChars", MaxNameChars));
        v.Require(d.Language is null || Languages.Supported.Contains(d.Language), "language", Texts.Ui("Valid.LanguageUse"));
        v.Require(d.Notes is null || d.Notes.Length <= MaxNoteChars, "notes", Texts.Ui("Valid.MaxChars", MaxNoteChars));
        v.Require(d.StyleNotes is null || d.StyleNotes.Length <= MaxNoteChars, "styleNotes", Texts.Ui("Valid.MaxChars", MaxNoteChars));
        var openness = Openness.Unknown;
        v.Require(d.Openness is null || TryParse(d.Openness, out openness), "openness", Texts.Ui("Valid.Use", string.Join(", ", Names<Openness>())));
        var confidence = Confidence.Unknown;
        v.Require(d.Confidence is null || TryParse(d.Confidence, out confidence), "confidence", Texts.Ui("Valid.Use", string.Join(", ", Names<Confidence>())));
        v.Require(d.AccountManager is null || IsEmail(d.AccountManager), "accountManager", Texts.Ui("Valid.Customers.Manager"));
        return new CustomerChanges
        {
            Name = d.Name?.Trim(), Emails = emails, Phones = phones, Language = d.Language, Tags = tags, Notes = d.Notes?.Trim(),
            SetAccountManager = d.SetAccountManager, AccountManagerEmail = d.AccountManager is null ? null : NormalizeEmail(d.AccountManager),
            Openness = d.Openness is null ? null : openness, Confidence = d.Confidence is null ? null : confidence, StyleNotes = d.StyleNotes?.Trim(),
        };
    }
}

/// <summary>What a caller sent, unchecked. Null members were not sent.</summary>
public sealed record CustomerDraft
{
    public string? Name { get; init; }
    public IReadOnlyList<string?>? Emails { get; init; }
    public IReadOnlyList<string?>? Phones { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string?>? Tags { get; init; }
    public string? Notes { get; init; }

    /// <summary>True when accountManager was sent (null then removes the account manager).</summary>
    public bool SetAccountManager { get; init; }
    public string? AccountManager { get; init; }
    public string? Openness { get; init; }
    public string? Confidence { get; init; }
    public string? StyleNotes { get; init; }
}

/// <summary>Checked changes: addresses lower-cased, phones in E.164, tags normalized. Null members stay as they are.</summary>
public sealed record CustomerChanges
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? Emails { get; init; }
    public IReadOnlyList<string>? Phones { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Notes { get; init; }
    public bool SetAccountManager { get; init; }
    public string? AccountManagerEmail { get; init; }
    public Openness? Openness { get; init; }
    public Confidence? Confidence { get; init; }
    public string? StyleNotes { get; init; }
}
