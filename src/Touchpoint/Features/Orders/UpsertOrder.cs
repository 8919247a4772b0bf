using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

/// <summary>PUT /api/v1/orders/{number}: creates the order (the <c>placed</c> event) or replaces its data.</summary>
public sealed partial class UpsertOrder(TouchpointDb db, CustomerDirectory customers, TimeProvider time)
{
    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(["en", "ru", "pl"], StringComparer.Ordinal);

    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public sealed record Result(Order Order, bool Created);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex(@"^\+?[0-9 ()-]{5,31}$")]
    private static partial Regex PhonePattern();

    public static bool IsValidNumber(string? number) => number is not null && NumberPattern().IsMatch(number);

    public static bool IsValidEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 320 && MailAddress.TryCreate(email.Trim(), out var parsed)
        && parsed.Address == email.Trim();

    /// <summary>Checks everything the store sent; returns the clean details or the field errors.</summary>
    public static (OrderDetails? Details, DateTime? PlacedAt, Validation Validation) Validate(string number, PutOrderRequest? request, DateTime now)
    {
        var v = new Validation();
        v.Require(IsValidNumber(number), "number", Texts.Ui("Valid.Orders.Number"));
        if (request is null)
        {
            v.Add("body", Texts.Ui("Valid.JsonBody"));
            return (null, null, v);
        }
        var c = request.Customer;
        if (c is null)
        {
            v.Add("customer", Texts.Ui("Valid.Orders.Customer"));
        }
        else
        {
            v.Require(IsValidEmail(c.Email), "customer.email", Texts.Ui("Valid.Email"));
            v.Require((c.Name ?? "").Length <= 200, "customer.name", Texts.Ui("Valid.MaxChars", 200));
            v.Require(c.Phone is null || PhonePattern().IsMatch(c.Phone), "customer.phone", Texts.Ui("Valid.Orders.Phone"));
            v.Require(c.Language is null || Languages.Contains(c.Language), "customer.language", Texts.Ui("Valid.Language"));
        }
        var items = request.Items ?? [];
        v.Require(items.Count <= 500, "items", Texts.Ui("Valid.Orders.Items"));
        for (var i = 0; i < items.Count && i < 500; i++)
        {
            var item = items[i];
            if (item is null)
            {
                v.Add($"items[{i}]", Texts.Ui("Valid.Orders.ItemNull"));
                continue;
            }
            v.Require(!string.IsNullOrWhiteSpace(item.Name) && item.Name.Length <= 300, $"items[{i}].name", Texts.Ui("Valid.NameRequired", 300));
            v.Require(item.Sku is null || item.Sku.Length <= 100, $"items[{i}].sku", Texts.Ui("Valid.MaxChars", 100));
            v.Require(item.Quantity is > 0 and <= 100_000, $"items[{i}].quantity", Texts.Ui("Valid.Between", 1, 100_000));
            v.Require(item.UnitPrice >= 0, $"items[{i}].unitPrice", Texts.Ui("Valid.NotNegative"));
        }
        v.Require(request.Total is null || request.Total >= 0, "total", Texts.Ui("Valid.NotNegative"));
        v.Require(request.Currency is null || CurrencyPattern().IsMatch(request.Currency), "currency", Texts.Ui("Valid.Orders.Currency"));
        v.RequirePlausible(request.PlacedAt, "placedAt", now + AllowedClockSkew);
        v.Require((request.Carrier ?? "").Length <= 100, "carrier", Texts.Ui("Valid.MaxChars", 100));
        v.Require((request.TrackingNumber ?? "").Length <= 100, "trackingNumber", Texts.Ui("Valid.MaxChars", 100));
        var a = request.ShippingAddress;
        if (a is not null)
        {
            foreach (var (field, value) in new[] { ("name", a.Name), ("line1", a.Line1), ("line2", a.Line2), ("city", a.City), ("postalCode", a.PostalCode), ("region", a.Region), ("country", a.Country) })
            {
                v.Require((value ?? "").Length <= 200, $"shippingAddress.{field}", Texts.Ui("Valid.MaxChars", 200));
            }
        }
        if (!v.IsValid)
        {
            return (null, null, v);
        }
        var details = new OrderDetails(
            CustomerDirectory.NormalizeEmail(c!.Email!),
            (c.Name ?? "").Trim(),
            string.IsNullOrWhiteSpace(c.Phone) ? null : c.Phone.Trim(),
            c.Language ?? "en",
            items.Select(i => new OrderItem { Sku = i.Sku, Name = i.Name!.Trim(), Quantity = i.Quantity, UnitPrice = i.UnitPrice }).ToList(),
            request.Total ?? items.Sum(i => i.Quantity * i.UnitPrice),
            request.Currency ?? "EUR",
            a is null ? new Address() : new Address { Name = a.Name, Line1 = a.Line1, Line2 = a.Line2, City = a.City, PostalCode = a.PostalCode, Region = a.Region, Country = a.Country },
            NullIfBlank(request.Carrier),
            NullIfBlank(request.TrackingNumber));
        return (details, request.PlacedAt?.UtcDateTime, v);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Applies validated details; the caller saves. Retries once when a concurrent request created the same order or customer.</summary>
    public async Task<Result> ExecuteAsync(string number, OrderDetails details, DateTime? placedAt, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await ApplyAsync(number, details, placedAt, actor, ct);
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateException ex) when (attempt == 0 && (ex.IsUniqueViolation() || ex is DbUpdateConcurrencyException))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Stages the change in the DbContext without saving (the CSV import saves in batches).</summary>
    public async Task<Result> ApplyAsync(string number, OrderDetails details, DateTime? placedAt, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var customer = await customers.EnsureAsync(details.CustomerEmail, details.CustomerName, details.CustomerPhone, details.Language, ct);
        var order = db.Set<Order>().Local.FirstOrDefault(o => o.Number == number)
            ?? await db.Set<Order>().FirstOrDefaultAsync(o => o.Number == number, ct);
        if (order is null)
        {
            order = Order.Place(number, details, customer.Id, placedAt ?? now, now, actor);
            db.Set<Order>().Add(order);
            return new Result(order, Created: true);
        }
        order.Update(details, customer.Id, now, actor);
        return new Result(order, Created: false);
    }
}
