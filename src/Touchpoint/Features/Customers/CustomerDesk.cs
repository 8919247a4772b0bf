using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Customers;

/// <summary>The use cases of the CRM, shared by the API and the workspace: create, change, note, merge, export, erase.</summary>
public sealed class CustomerDesk(TouchpointDb db, AccountManagers managers, IEnumerable<ICustomerRecords> sources, TimeProvider time, IOptions<StoreOptions> store)
{
    public string Region => store.Value.Country;

    /// <summary>Checks a draft fully (formats, the account manager); field errors land in <paramref name="v"/>.</summary>
    public async Task<(CustomerChanges Changes, string? AccountManagerId)> CheckAsync(CustomerDraft draft, Validation v, CancellationToken ct)
    {
        var changes = CustomerRules.Check(draft, Region, v);
        string? managerId = null;
        if (changes.SetAccountManager && changes.AccountManagerEmail is { } email && v.IsValid)
        {
            var manager = await managers.ByEmailAsync(email, ct);
            if (manager is { Active: true }) { managerId = manager.Id; }
            else { v.Add("accountManager", Texts.Ui(manager is null ? "Valid.NoUser" : "Valid.UserInactive")); }
        }
        return (changes, managerId);
    }

    public async Task<Customer> CreateAsync(CustomerChanges changes, string? accountManagerId, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var emails = changes.Emails!;
        await EnsureFreeAsync(emails, null, ct);
        var customer = new Customer { Email = emails[0], Name = changes.Name ?? "", Language = changes.Language ?? "en", CreatedAt = now, UpdatedAt = now };
        db.Set<Customer>().Add(customer);
        Apply(customer, changes, accountManagerId, now, actor);
        customer.Change("created", null, null, now, actor);
        await SaveAsync(emails, ct);
        return customer;
    }

    /// <summary>Null when the customer does not exist.</summary>
    public async Task<Customer?> UpdateAsync(Guid id, CustomerChanges changes, string? accountManagerId, string actor, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, track: true, ct);
        if (customer is null)
        {
            return null;
        }
        RefuseErased(customer);
        if (changes.Emails is { } emails)
        {
            await EnsureFreeAsync(emails, id, ct);
        }
        Apply(customer, changes, accountManagerId, time.GetUtcNow().UtcDateTime, actor);
        await SaveAsync(changes.Emails ?? [], ct);
        return customer;
    }

    public async Task<CustomerNote?> AddNoteAsync(Guid id, string text, string author, CancellationToken ct)
    {
        var customer = await db.Set<Customer>().Include(c => c.Notes).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return null;
        }
        RefuseErased(customer);
        var note = customer.AddNote(text.Trim(), author, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return note;
    }

    /// <summary>Moves everything of <paramref name="duplicateId"/> to <paramref name="survivorId"/> and removes the duplicate; null when either is missing.</summary>
    public Task<Customer?> MergeAsync(Guid survivorId, Guid duplicateId, string actor, CancellationToken ct) =>
        InTransactionAsync(async () =>
        {
            var survivor = await CustomerQueries.FindAsync(db, survivorId, track: true, ct);
            var duplicate = await CustomerQueries.FindAsync(db, duplicateId, track: true, ct);
            if (survivor is null || duplicate is null)
            {
                return null;
            }
            survivor.Absorb(duplicate, time.GetUtcNow().UtcDateTime, actor);
            // The duplicate's rows must be gone before its addresses reappear under the survivor (unique index).
            db.Set<Customer>().Remove(duplicate);
            await db.SaveChangesAsync(ct);
            return survivor;
        }, ct);

    /// <summary>GDPR erasure of the customer and (through <see cref="CustomerErased"/>) of the copies in orders and conversations.</summary>
    public Task<Customer?> EraseAsync(Guid id, string actor, CancellationToken ct) =>
        InTransactionAsync(async () =>
        {
            var customer = await CustomerQueries.FindAsync(db, id, track: true, ct);
            if (customer is null)
            {
                return null;
            }
            if (customer.Erase(time.GetUtcNow().UtcDateTime, actor))
            {
                await db.SaveChangesAsync(ct);
            }
            return customer;
        }, ct);

    /// <summary>Everything stored about the customer, as a JSON document (GDPR access request). Null when the customer does not exist.</summary>
    public async Task<byte[]?> ExportAsync(Guid id, string language, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, track: false, ct);
        if (customer is null)
        {
            return null;
        }
        var profile = await CustomerQueries.ToResponseAsync(customer, managers, [], language, ct);
        var document = new Dictionary<string, object?>
        {
            ["exportedAt"] = time.GetUtcNow().UtcDateTime,
            ["customer"] = profile with { Orders = [], Conversations = [] },
        };
        foreach (var source in sources)
        {
            document[source.Kind] = await source.ExportAsync(id, ct);
        }
        return JsonSerializer.SerializeToUtf8Bytes(document, ExportJson);
    }

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void Apply(Customer c, CustomerChanges ch, string? accountManagerId, DateTime now, string actor)
    {
        if (ch.Emails is { } emails) { c.SetEmails(emails, now, actor); }
        if (ch.Phones is { } phones) { c.SetPhones(phones, now, actor); }
        if (ch.Tags is { } tags) { c.SetTags(tags, now, actor); }
        if (ch.Name is { } name && name != c.Name) { c.Change("name", c.Name, name, now, actor); c.Name = name; }
        if (ch.Language is { } language && language != c.Language) { c.Change("language", c.Language, language, now, actor); c.Language = language; }
        if (ch.Notes is { } notes && notes != c.ProfileNote) { c.Change("notes", null, null, now, actor); c.ProfileNote = notes; }
        if (ch.SetAccountManager && accountManagerId != c.AccountManagerId)
        {
            c.Change("accountManager", ch.AccountManagerEmail is null ? c.AccountManagerId : null, ch.AccountManagerEmail, now, actor);
            c.AccountManagerId = accountManagerId;
        }
        if (ch.Openness is { } o && o != c.Openness) { c.Change("openness", c.Openness.ToWire(), o.ToWire(), now, actor); c.Openness = o; }
        if (ch.Confidence is { } f && f != c.Confidence) { c.Change("confidence", c.Confidence.ToWire(), f.ToWire(), now, actor); c.Confidence = f; }
        if (ch.StyleNotes is { } s && s != c.StyleNotes) { c.Change("styleNotes", null, null, now, actor); c.StyleNotes = s; }
    }

    /// <summary>An address belongs to one customer; a second customer with it is a duplicate to merge, not to create.</summary>
    private async Task EnsureFreeAsync(IReadOnlyList<string> emails, Guid? self, CancellationToken ct)
    {
        var taken = await db.Set<Customer>().AsNoTracking()
            .Where(c => c.Id != self && (emails.Contains(c.Email) || c.Emails.Any(e => emails.Contains(e.Email))))
            .Select(c => new { c.Id, c.Email, Others = c.Emails.Select(e => e.Email).ToList() })
            .FirstOrDefaultAsync(ct);
        if (taken is not null)
        {
            var email = emails.First(e => e == taken.Email || taken.Others.Contains(e));
            throw new DomainRuleException(Texts.Ui("Problem.Customers.EmailTaken", email, taken.Id));
        }
    }

    private async Task SaveAsync(IReadOnlyList<string> emails, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another request took the address between our check and the save.
            throw new DomainRuleException(Texts.Ui("Problem.Customers.EmailsTaken", string.Join(", ", emails)));
        }
    }

    private static void RefuseErased(Customer c)
    {
        if (c.IsErased)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Customers.Erased"));
        }
    }

    /// <summary>
    /// Merge and erase change orders and conversations in event handlers, some with bulk updates that run at once:
    /// one transaction makes it all or nothing. On SQLite the write gate is held for the whole of it.
    /// </summary>
    private Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct) =>
        db.WriteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        }, ct);
}
