using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

public static class OrdersEndpoints
{
    public const int MaxImportBytes = 50 * 1024 * 1024;

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/orders")
            .WithTags("Orders")
            .RequireAuthorization(Policies.Staff);

        api.MapGet("/", ListAsync).WithName("ListOrders").WithSummary("Search and filter orders, newest first.");
        api.MapGet("/{number}", GetAsync).WithName("GetOrder").WithSummary("An order with its history and notifications.");
        api.MapPut("/{number}", PutAsync).RequireAuthorization(Policies.Desk).WithName("PutOrder")
            .WithSummary("Create (the placed event) or update an order.");
        api.MapPost("/{number}/events", PostEventAsync).RequireAuthorization(Policies.Desk).WithName("PostOrderEvent")
            .WithSummary("Record a status change or a payment. The same eventId twice changes nothing.");
        api.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Desk).WithName("ImportOrders")
            .WithSummary("Bulk load orders from CSV (text/csv body or a multipart file); answers a per-row report.")
            .Accepts<IFormFile>("text/csv", "multipart/form-data")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes));
        return api;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(
        string number, TouchpointDb db, StageTargetsProvider targets, IOptions<OrdersOptions> options, TimeProvider time, CancellationToken ct)
    {
        var response = await OrderQueries.LoadResponseAsync(db, number, await targets.GetAsync(ct), options.Value, time.GetUtcNow().UtcDateTime, ct);
        return response is null ? Problems.NotFound(Texts.Ui("Ui.Order.NotFound", number)) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<OrderPage>, ValidationProblem>> ListAsync(
        TouchpointDb db, StageTargetsProvider targetsProvider, TimeProvider time, CancellationToken ct,
        string? q = null, string? status = null, bool? delayed = null, int page = 1, int pageSize = 50)
    {
        var v = new Validation()
            .Require(status is null || OrderStatuses.TryParse(status, out _), "status", Texts.Ui("Valid.UnknownStatusShort"))
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        OrderStatuses.TryParse(status, out var statusValue);
        var targets = await targetsProvider.GetAsync(ct);
        var result = await SearchAsync(db, targets, time.GetUtcNow().UtcDateTime, q, status is null ? null : statusValue, delayed == true, page, pageSize, ct);
        return TypedResults.Ok(result);
    }

    /// <summary>The orders list of the API and of the agent UI: newest first, one extra row to know if there is more.</summary>
    public static async Task<OrderPage> SearchAsync(TouchpointDb db, StageTargets targets, DateTime now, string? q, OrderStatus? status, bool delayedOnly,
        int page, int pageSize, CancellationToken ct)
    {
        var query = db.Set<Order>().AsNoTracking().WhereMatches(q);
        if (status is { } s)
        {
            query = query.Where(o => o.Status == s);
        }
        if (delayedOnly)
        {
            query = query.WhereDelayed(targets, now);
        }
        var rows = await query
            .OrderByDescending(o => o.PlacedAt)
            .Skip((page - 1) * pageSize)
            .Take(pageSize + 1)
            .Select(o => new { o.Number, o.Status, o.PaidAt, o.CustomerName, o.CustomerEmail, o.Language, o.Total, o.Currency, o.PlacedAt, o.StatusChangedAt, o.TrackingNumber })
            .ToListAsync(ct);
        var items = rows.Take(pageSize).Select(o =>
        {
            var due = targets.For(o.Status) is { } t ? o.StatusChangedAt + t : (DateTime?)null;
            return new OrderSummary(o.Number, o.Status.ToWire(), o.PaidAt is not null, due <= now, due, o.CustomerName, o.CustomerEmail,
                o.Language, o.Total, o.Currency, o.PlacedAt, o.StatusChangedAt, o.TrackingNumber);
        }).ToList();
        return new OrderPage(items, page, pageSize, rows.Count > pageSize);
    }

    private static async Task<Results<Ok<OrderResponse>, Created<OrderResponse>, ValidationProblem>> PutAsync(
        string number, [FromBody] PutOrderRequest? request, UpsertOrder upsert, TouchpointDb db, StageTargetsProvider targets,
        IOptions<OrdersOptions> options, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (details, placedAt, validation) = UpsertOrder.Validate(number, request, now);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var result = await upsert.ExecuteAsync(number, details!, placedAt, Actors.Describe(http.User), ct);
        var response = await OrderQueries.ToResponseAsync(db, result.Order, await targets.GetAsync(ct), options.Value, now, ct);
        return result.Created
            ? TypedResults.Created($"/api/v1/orders/{Uri.EscapeDataString(number)}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> PostEventAsync(
        string number, [FromBody] OrderEventRequest? request, RecordOrderEvent record, TouchpointDb db, StageTargetsProvider targets,
        IOptions<OrdersOptions> options, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var validation = RecordOrderEvent.Validate(request, now);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var (outcome, order) = await record.ExecuteAsync(number, request!, Actors.Describe(http.User), ct);
        if (outcome == RecordOrderEvent.Outcome.NotFound)
        {
            return Problems.NotFound(Texts.Ui("Problem.Orders.NotFoundCreate", number));
        }
        return TypedResults.Ok(await OrderQueries.ToResponseAsync(db, order!, await targets.GetAsync(ct), options.Value, now, ct));
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportAsync(
        HttpRequest request, ImportOrders import, HttpContext http, CancellationToken ct, bool notify = false)
    {
        Stream? body = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            body = form.Files.Count > 0 ? form.Files[0].OpenReadStream() : null;
        }
        else if (request.ContentType is { } type && (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            body = request.Body;
        }
        if (body is null)
        {
            return Problems.Invalid("file", Texts.Ui("Valid.Import.File"));
        }
        await using (body)
        {
            return TypedResults.Ok(await import.ExecuteAsync(body, notify, Actors.Describe(http.User), ct));
        }
    }
}
