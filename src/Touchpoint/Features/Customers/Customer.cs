using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Customers;

/// <summary>Seed 004: how openly the customer talks (gestures, expression, talk about themselves).</summary>
public enum Openness
{
    Unknown,
    Open,
    Closed,
}

/// <summary>Seed 004: how sure of themselves the customer is.</summary>
public enum Confidence
{
    Unknown,
    Confident,
    Unsure,
}

/// <summary>The duplicate's orders and conversations must follow it to the survivor (Orders and Conversations listen).</summary>
public sealed record CustomersMerged(Guid SurvivorId, Guid DuplicateId, string Actor) : IDomainEvent;

/// <summary>The customer's personal data was erased; features that copied it erase their copies (in the same transaction).</summary>
public sealed record CustomerErased(Guid CustomerId, string ErasedEmail, string Actor) : IDomainEvent;

/// <summary>
/// A person who buys from the store. Never logs in; known by email. <see cref="Email"/> is the primary address
/// (other features look customers up by it); <see cref="Emails"/> and <see cref="Phones"/> hold the further ones.
/// </summary>
public sealed class Customer : EventSource
{
    private readonly List<CustomerEmail> _emails = [];
    private readonly List<CustomerPhone> _phones = [];
    private readonly List<CustomerNote> _notes = [];
    private readonly List<CustomerHistoryEntry> _history = [];
    private readonly List<CustomerTag> _tags = [];

    public Guid Id { get; init; } = Ids.NewId();

    /// <summary>Lower-cased, trimmed: the identity of the customer.</summary>
    public required string Email { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The primary phone; E.164 when it was entered in the workspace or API.</summary>
    public string? Phone { get; set; }
    public string Language { get; set; } = "en";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The free-text profile: what every agent should know first.</summary>
    public string ProfileNote { get; set; } = "";

    /// <summary>The ASP.NET Identity user id of the agent who looks after this customer.</summary>
    public string? AccountManagerId { get; set; }

    public Openness Openness { get; set; }
    public Confidence Confidence { get; set; }
    public string StyleNotes { get; set; } = "";

    /// <summary>
    /// A mystery shopper (an auditor's test customer, seed 000): agents serve them as anyone else, but every real-customer
    /// measure (SLA compliance, response times, surveys, CSAT, NPS, FCR) leaves them out. Set by quality staff only.
    /// </summary>
    public bool MysteryShopper { get; private set; }

    /// <summary>Set when the personal data was erased on request (GDPR); the row stays so statistics keep their counts.</summary>
    public DateTime? ErasedAt { get; private set; }

    /// <summary>Optimistic concurrency: two agents editing one profile never both win silently.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<CustomerEmail> Emails => _emails;
    public IReadOnlyList<CustomerPhone> Phones => _phones;
    public IReadOnlyList<CustomerNote> Notes => _notes;
    public IReadOnlyList<CustomerHistoryEntry> History => _history;

    /// <summary>Lower-case, normalized (see <see cref="CustomerRules.NormalizeTag"/>).</summary>
    public IReadOnlyList<CustomerTag> Tags => _tags;

    public IEnumerable<string> TagNames() => _tags.Select(t => t.Tag).Order(StringComparer.Ordinal);

    public void SetTags(IReadOnlyCollection<string> tags, DateTime now, string actor)
    {
        if (tags.Order(StringComparer.Ordinal).SequenceEqual(TagNames()))
        {
            return;
        }
        Record("tags", string.Join(", ", TagNames()), string.Join(", ", tags.Order(StringComparer.Ordinal)), actor, now);
        _tags.RemoveAll(t => !tags.Contains(t.Tag));
        foreach (var tag in tags.Where(t => _tags.All(x => x.Tag != t)))
        {
            _tags.Add(new CustomerTag { CustomerId = Id, Tag = tag });
        }
        Touch(now);
    }

    public bool IsErased => ErasedAt is not null;

    /// <summary>All addresses, the primary first.</summary>
    public IEnumerable<string> AllEmails() => new[] { Email }.Concat(_emails.Select(e => e.Email));

    /// <summary>All phones, the primary first.</summary>
    public IEnumerable<string> AllPhones() => (Phone is null ? [] : new[] { Phone }).Concat(_phones.Select(p => p.Number));

    /// <summary>Replaces the addresses; the first becomes the primary. The caller checked that no other customer has them.</summary>
    public void SetEmails(IReadOnlyList<string> emails, DateTime now, string actor)
    {
        if (emails.SequenceEqual(AllEmails()))
        {
            return;
        }
        Record("emails", string.Join(", ", AllEmails()), string.Join(", ", emails), actor, now);
        Email = emails[0];
        _emails.RemoveAll(e => !emails.Skip(1).Contains(e.Email));
        foreach (var email in emails.Skip(1).Where(e => _emails.All(x => x.Email != e)))
        {
            _emails.Add(new CustomerEmail { CustomerId = Id, Email = email, AddedAt = now });
        }
        Touch(now);
    }

    /// <summary>Replaces the phones (E.164); the first becomes the primary.</summary>
    public void SetPhones(IReadOnlyList<string> phones, DateTime now, string actor)
    {
        if (phones.SequenceEqual(AllPhones()))
        {
            return;
        }
        Record("phones", string.Join(", ", AllPhones()), string.Join(", ", phones), actor, now);
        Phone = phones.Count == 0 ? null : phones[0];
        _phones.RemoveAll(p => !phones.Skip(1).Contains(p.Number));
        foreach (var phone in phones.Skip(1).Where(p => _phones.All(x => x.Number != p)))
        {
            _phones.Add(new CustomerPhone { CustomerId = Id, Number = phone, AddedAt = now });
        }
        Touch(now);
    }

    /// <summary>A phone seen on an order or a message: kept as a further number when it is new.</summary>
    public void AddPhone(string e164, DateTime now)
    {
        if (AllPhones().Contains(e164))
        {
            return;
        }
        if (Phone is null)
        {
            Phone = e164;
        }
        else
        {
            _phones.Add(new CustomerPhone { CustomerId = Id, Number = e164, AddedAt = now });
        }
        Touch(now);
    }

    public void Change(string field, string? from, string? to, DateTime now, string actor)
    {
        Record(field, from, to, actor, now);
        Touch(now);
    }

    /// <summary>A new account manager (routing's hand-over after the first delivery), written in the customer's history.</summary>
    public void AssignAccountManager(string? managerId, string? fromEmail, string? toEmail, DateTime now, string actor)
    {
        AccountManagerId = managerId;
        Change("accountManager", fromEmail, toEmail, now, actor);
    }

    /// <summary>Marks or unmarks the customer as a mystery shopper, in the customer's history.</summary>
    public void SetMysteryShopper(bool value, DateTime now, string actor)
    {
        if (MysteryShopper == value)
        {
            return;
        }
        MysteryShopper = value;
        Change("mysteryShopper", (!value).ToString().ToLowerInvariant(), value.ToString().ToLowerInvariant(), now, actor);
    }

    public CustomerNote AddNote(string text, string author, DateTime now)
    {
        var note = new CustomerNote { CustomerId = Id, Text = text, Author = author, CreatedAt = now };
        _notes.Add(note);
        Touch(now);
        return note;
    }

    /// <summary>Takes over everything the duplicate knows; the caller removes the duplicate. Orders and conversations follow through the event.</summary>
    public void Absorb(Customer duplicate, DateTime now, string actor)
    {
        if (duplicate.Id == Id)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Customers.MergeSelf"));
        }
        if (IsErased || duplicate.IsErased)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Customers.MergeErased"));
        }
        var emails = duplicate.AllEmails().Where(e => !AllEmails().Contains(e)).ToList();
        // The duplicate's rows go with it; copies keep the same values under the survivor.
        duplicate._emails.Clear();
        foreach (var email in emails)
        {
            _emails.Add(new CustomerEmail { CustomerId = Id, Email = email, AddedAt = now });
        }
        foreach (var phone in duplicate.AllPhones().ToList())
        {
            AddPhone(phone, now);
        }
        foreach (var tag in duplicate.TagNames().Where(t => _tags.All(x => x.Tag != t)))
        {
            _tags.Add(new CustomerTag { CustomerId = Id, Tag = tag });
        }
        foreach (var note in duplicate.Notes)
        {
            _notes.Add(new CustomerNote { CustomerId = Id, Text = note.Text, Author = note.Author, CreatedAt = note.CreatedAt });
        }
        if (!string.IsNullOrWhiteSpace(duplicate.ProfileNote))
        {
            ProfileNote = string.IsNullOrWhiteSpace(ProfileNote) ? duplicate.ProfileNote : $"{ProfileNote}\n\n{duplicate.ProfileNote}";
        }
        if (!string.IsNullOrWhiteSpace(duplicate.StyleNotes))
        {
            StyleNotes = string.IsNullOrWhiteSpace(StyleNotes) ? duplicate.StyleNotes : $"{StyleNotes}\n\n{duplicate.StyleNotes}";
        }
        Openness = Openness == Openness.Unknown ? duplicate.Openness : Openness;
        Confidence = Confidence == Confidence.Unknown ? duplicate.Confidence : Confidence;
        AccountManagerId ??= duplicate.AccountManagerId;
        Name = string.IsNullOrWhiteSpace(Name) ? duplicate.Name : Name;
        Record("merged", duplicate.Id.ToString(), duplicate.Email, actor, now);
        Touch(now);
        Raise(new CustomersMerged(Id, duplicate.Id, actor));
    }

    public static string ErasedEmail(Guid id) => $"erased-{id:N}@erased.invalid";

    /// <summary>GDPR erasure: personal data goes, the row and its counts stay. Erasing twice changes nothing.</summary>
    public bool Erase(DateTime now, string actor)
    {
        if (IsErased)
        {
            return false;
        }
        Email = ErasedEmail(Id);
        Name = "";
        Phone = null;
        _emails.Clear();
        _phones.Clear();
        _notes.Clear();
        _tags.Clear();
        ProfileNote = "";
        StyleNotes = "";
        Openness = Openness.Unknown;
        Confidence = Confidence.Unknown;
        // History values may hold old addresses and names; the kinds and times stay.
        foreach (var entry in _history)
        {
            entry.From = null;
            entry.To = null;
        }
        ErasedAt = now;
        Record("erased", null, null, actor, now);
        Touch(now);
        Raise(new CustomerErased(Id, Email, actor));
        return true;
    }

    private void Record(string kind, string? from, string? to, string actor, DateTime now) =>
        _history.Add(new CustomerHistoryEntry { CustomerId = Id, Kind = kind, From = Clip(from), To = Clip(to), Actor = actor, At = now });

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    private static string? Clip(string? s) => s is null || s.Length <= 1000 ? s : s[..1000];
}

/// <summary>A further address of a customer; unique across all customers (together with the primary ones).</summary>
public sealed class CustomerEmail
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid CustomerId { get; init; }
    public required string Email { get; init; }
    public DateTime AddedAt { get; init; }
}

/// <summary>A further phone (E.164). Two customers may share one (a household), so it is not unique.</summary>
public sealed class CustomerPhone
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid CustomerId { get; init; }
    public required string Number { get; init; }
    public DateTime AddedAt { get; init; }
}

public sealed class CustomerTag
{
    public Guid CustomerId { get; init; }
    public required string Tag { get; init; }
}

/// <summary>One entry of the notes timeline.</summary>
public sealed class CustomerNote
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid CustomerId { get; init; }
    public required string Text { get; init; }

    /// <summary>Who wrote it: <c>user:anna@shop.test</c>, <c>api:shop-platform</c>.</summary>
    public required string Author { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>Who changed what on the profile, and merges and erasure.</summary>
public sealed class CustomerHistoryEntry
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid CustomerId { get; init; }
    public required string Kind { get; init; }
    public string? From { get; set; }
    public string? To { get; set; }
    public required string Actor { get; init; }
    public DateTime At { get; init; }
}
