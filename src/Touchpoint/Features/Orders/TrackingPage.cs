using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

public sealed class TrackingOptions
{
    /// <summary>Lookups by number + email per client address per minute.</summary>
    public int LookupsPerMinute { get; set; } = 10;

    /// <summary>Tracking page views per client address per minute (0: no limit).</summary>
    public int ViewsPerMinute { get; set; } = 600;

    /// <summary>How long a rendered page is served from memory (zero: not cached). Changes made through this instance
    /// evict it at once; with several instances, another instance's change shows after at most this long.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The public order-status page: static HTML, no script, no circuit. Rendered pages are kept in memory for a
/// couple of seconds, so a traffic peak on one order costs one query per instance every couple of seconds.
/// Everything from the order is HTML-encoded. An unknown token and a wrong email get the same answer.
/// </summary>
public static class TrackingPage
{
    public const string LookupLimiter = "track-lookup";
    public const string ViewLimiter = "track-view";

    public static IServiceCollection AddTrackingPage(this IServiceCollection services)
    {
        services.AddScoped<TrackingPageEviction>();
        services.AddScoped<IDomainEventHandler<OrderStatusChanged>>(sp => sp.GetRequiredService<TrackingPageEviction>());
        services.AddScoped<IDomainEventHandler<OrderPaid>>(sp => sp.GetRequiredService<TrackingPageEviction>());
        services.AddScoped<IDomainEventHandler<OrderDelayed>>(sp => sp.GetRequiredService<TrackingPageEviction>());
        services.AddOptions<TrackingOptions>().BindConfiguration("Touchpoint:Tracking")
            .Validate(o => o.LookupsPerMinute >= 1 && o.ViewsPerMinute >= 0 && o.CacheFor >= TimeSpan.Zero && o.CacheFor <= TimeSpan.FromHours(1),
                "Touchpoint:Tracking: LookupsPerMinute ≥ 1, ViewsPerMinute ≥ 0 (0: no limit), CacheFor between 0 and 1 hour.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LookupLimiter, http => RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, http.RequestServices.GetRequiredService<IOptions<TrackingOptions>>().Value.LookupsPerMinute),
                Window = TimeSpan.FromMinutes(1),
            }));
            o.AddPolicy(ViewLimiter, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<TrackingOptions>>().Value.ViewsPerMinute;
                return limit <= 0
                    ? RateLimitPartition.GetNoLimiter("all")
                    : RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1) });
            });
        });
        services.AnswerRateLimitRejections("/track", (http, ct) =>
        {
            var lang = Languages.Normalize(http.Request.Query["lang"]);
            return WriteHtmlAsync(http, StatusCodes.Status429TooManyRequests, LookupForm(lang, Texts.Get(lang, "Track.Lookup.TooMany"), "", ""), ct);
        });
        return services;
    }

    private static string CacheKey(string token, string? lang) => $"track:{token}:{lang}";

    /// <summary>Drops the cached pages of one order (every language variant).</summary>
    public static void Evict(IMemoryCache cache, string token)
    {
        cache.Remove(CacheKey(token, null));
        foreach (var language in Languages.Supported)
        {
            cache.Remove(CacheKey(token, language));
        }
    }

    private static string ClientKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static IEndpointRouteBuilder MapTrackingPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/track/{token}", ShowAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(ViewLimiter);
        app.MapGet("/track", (HttpContext http, string? lang) =>
        {
            var language = PickLanguage(http, lang);
            return WriteHtmlAsync(http, 200, LookupForm(language, null, "", ""), http.RequestAborted);
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/track", LookupAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(LookupLimiter);
        return app;
    }

    private static string PickLanguage(HttpContext http, string? lang) =>
        Languages.Normalize(lang ?? System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    private static async Task ShowAsync(string token, string? lang, HttpContext http, IMemoryCache cache, IOptions<TrackingOptions> options,
        StageTargetsProvider targets, IOptions<StoreOptions> store, TimeProvider time)
    {
        var key = CacheKey(token, lang);
        if (!cache.TryGetValue(key, out byte[]? page))
        {
            page = await RenderAsync(token, lang, http.RequestServices.GetRequiredService<ReadConnections>(), targets, store.Value, time, http.RequestAborted);
            if (options.Value.CacheFor > TimeSpan.Zero)
            {
                cache.Set(key, page, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.Value.CacheFor, Size = page.Length });
            }
        }
        var found = page![0] != 0;
        http.Response.StatusCode = found ? 200 : 404;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "private, no-cache";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        var body = found ? page.AsMemory() : page.AsMemory(1);
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>The page bytes; a leading zero byte marks a not-found page (so misses are cached too).</summary>
    private static async Task<byte[]> RenderAsync(string token, string? lang, ReadConnections db, StageTargetsProvider targetsProvider, StoreOptions store, TimeProvider time, CancellationToken ct)
    {
        var view = token.Length is > 10 and <= 32 ? await TrackingView.LoadAsync(db, token, ct) : null;
        if (view is null)
        {
            var language = Languages.Normalize(lang);
            var html = Layout(language, Texts.Get(language, "Track.NotFound.Title"), store,
                $"<h1>{E(Texts.Get(language, "Track.NotFound.Title"))}</h1><p>{E(Texts.Get(language, "Track.NotFound"))}</p><p><a href=\"/track?lang={language}\">{E(Texts.Get(language, "Track.Lookup.Title"))}</a></p>", null);
            return [0, .. Encoding.UTF8.GetBytes(html)];
        }
        var targets = await targetsProvider.GetAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return Encoding.UTF8.GetBytes(RenderOrder(view, targets, store, now, lang is null ? view.Language : Languages.Normalize(lang), token));
    }

    internal static string RenderOrder(TrackingView order, StageTargets targets, StoreOptions store, DateTime now, string lang, string token)
    {
        var reached = order.Reached;
        var culture = Languages.Culture(lang);
        string T(string key) => Texts.Get(lang, key);
        string When(DateTime utc) => Platform.Localization.When.Format(store, utc, lang, Platform.Localization.When.Style.Full);
        var due = order.ExpectedBy(targets);
        var delayed = order.IsDelayed(targets, now);
        var sb = new StringBuilder(4096);
        sb.Append("<header><p class=\"store\">").Append(E(store.Name)).Append("</p><h1>")
          .Append(E(Texts.Format(lang, "Track.Title", order.Number))).Append("</h1><p class=\"status s-").Append(order.Status.ToWire()).Append("\">")
          .Append(E(T($"Status.{order.Status.ToWire()}"))).Append("</p>");
        if (delayed)
        {
            sb.Append(" <p class=\"badge\">").Append(E(T("Track.DelayedBadge"))).Append("</p>");
        }
        sb.Append("</header>");
        if (delayed && due is { } late)
        {
            sb.Append("<div class=\"delay\" role=\"alert\">").Append(E(Texts.Format(lang, "Track.Delayed", When(late)))).Append("</div>");
        }
        sb.Append("<section><h2>").Append(E(T("Track.WhatNext"))).Append("</h2><p class=\"next\">");
        sb.Append(E(due is { } d ? Texts.Format(lang, $"Track.Next.{order.Status.ToWire()}", When(d)) : T($"Track.Next.{order.Status.ToWire()}")));
        sb.Append("</p></section>");

        sb.Append("<section><h2>").Append(E(T("Track.Progress"))).Append("</h2><ol class=\"stages\">");
        var stages = order.Status.IsFinal()
            ? OrderStatuses.Stages.Where(reached.ContainsKey).Append(order.Status).Distinct()
            : OrderStatuses.Stages;
        foreach (var stage in stages)
        {
            var done = reached.TryGetValue(stage, out var at) || stage == order.Status;
            var current = stage == order.Status;
            sb.Append("<li class=\"").Append(current ? "current" : done ? "done" : "todo").Append("\"")
              .Append(current ? " aria-current=\"step\"" : "").Append("><span class=\"name\">").Append(E(T($"Status.{stage.ToWire()}"))).Append("</span>");
            if (done && reached.ContainsKey(stage))
            {
                sb.Append(" <time datetime=\"").Append(at.ToString("o", CultureInfo.InvariantCulture)).Append("\">").Append(E(When(at))).Append("</time>");
            }
            else if (!done && stage.Rank() == order.Status.Rank() + 1 && due is { } next)
            {
                sb.Append(" <span class=\"eta\">").Append(E(Texts.Format(lang, "Track.Expected", When(next)))).Append("</span>");
            }
            sb.Append("</li>");
        }
        sb.Append("</ol></section>");

        sb.Append("<section class=\"facts\"><dl>");
        sb.Append("<dt>").Append(E(T("Track.Payment"))).Append("</dt><dd>")
          .Append(E(order.PaidAt is { } paid ? Texts.Format(lang, "Track.Paid", When(paid)) : T("Track.Unpaid"))).Append("</dd>");
        if (order.Carrier is not null || order.TrackingNumber is not null)
        {
            sb.Append("<dt>").Append(E(T("Track.Carrier"))).Append("</dt><dd>").Append(E(order.Carrier ?? "—")).Append("</dd>");
            sb.Append("<dt>").Append(E(T("Track.TrackingNumber"))).Append("</dt><dd class=\"mono\">").Append(E(order.TrackingNumber ?? "—")).Append("</dd>");
        }
        if (order.Address.City is { } city)
        {
            sb.Append("<dt>").Append(E(T("Track.Delivery"))).Append("</dt><dd>").Append(E(city))
              .Append(order.Address.Country is { } c ? ", " + E(c) : "").Append("</dd>");
        }
        sb.Append("<dt>").Append(E(T("Track.Total"))).Append("</dt><dd>").Append(E(order.Total.ToString("N2", culture))).Append(' ').Append(E(order.Currency)).Append("</dd>");
        sb.Append("</dl>");
        if (order.Items.Count > 0)
        {
            sb.Append("<h2>").Append(E(T("Track.Items"))).Append("</h2><ul class=\"items\">");
            foreach (var item in order.Items)
            {
                sb.Append("<li>").Append(item.Quantity).Append(" × ").Append(E(item.Name)).Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</section><p class=\"help\">").Append(E(T("Track.Help"))).Append("</p>");
        sb.Append("<p class=\"updated\">").Append(E(Texts.Format(lang, "Track.Updated", When(now)))).Append("</p>");
        return Layout(lang, Texts.Format(lang, "Track.Title", order.Number), store, sb.ToString(), $"/track/{token}");
    }

    private static async Task LookupAsync(HttpContext http, TouchpointDb db, string? lang, CancellationToken ct)
    {
        var (form, status) = await PublicForm.ReadAsync(http, 64 * 1024, ct);
        if (form is null)
        {
            var visitor = PickLanguage(http, lang);
            await WriteHtmlAsync(http, status, LookupForm(visitor, PublicForm.Unreadable(visitor, status), "", ""), ct);
            return;
        }
        var language = PickLanguage(http, lang ?? form["lang"]);
        var number = form["number"].ToString().Trim();
        var email = form["email"].ToString().Trim();
        if (number.Length is 0 or > 64 || email.Length is 0 or > 320)
        {
            await WriteHtmlAsync(http, 400, LookupForm(language, Texts.Get(language, "Track.Lookup.Required"), number, email), ct);
            return;
        }
        var normalized = CustomerDirectory.NormalizeEmail(email);
        // One query for both checks: a wrong email and an unknown number take the same path and get the same answer.
        var token = await db.Set<Order>().AsNoTracking()
            .Where(o => o.Number == number && o.CustomerEmail == normalized)
            .Select(o => o.TrackingToken)
            .FirstOrDefaultAsync(ct);
        if (token is null)
        {
            await WriteHtmlAsync(http, 200, LookupForm(language, Texts.Get(language, "Track.Lookup.NoMatch"), number, email), ct);
            return;
        }
        http.Response.Redirect($"/track/{token}", permanent: false);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
    }

    internal static string LookupForm(string lang, string? error, string number, string email)
    {
        string T(string key) => Texts.Get(lang, key);
        var body = new StringBuilder();
        body.Append("<h1>").Append(E(T("Track.Lookup.Title"))).Append("</h1><p>").Append(E(T("Track.Lookup.Intro"))).Append("</p>");
        if (error is not null)
        {
            body.Append("<div class=\"delay\" role=\"alert\">").Append(E(error)).Append("</div>");
        }
        body.Append("<form method=\"post\" action=\"/track?lang=").Append(lang).Append("\">")
            .Append("<label for=\"number\">").Append(E(T("Track.Lookup.Number"))).Append("</label>")
            .Append("<input id=\"number\" name=\"number\" required maxlength=\"64\" autocomplete=\"off\" value=\"").Append(E(number)).Append("\">")
            .Append("<label for=\"email\">").Append(E(T("Track.Lookup.Email"))).Append("</label>")
            .Append("<input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"320\" autocomplete=\"email\" value=\"").Append(E(email)).Append("\">")
            .Append("<button type=\"submit\">").Append(E(T("Track.Lookup.Submit"))).Append("</button></form>");
        return Layout(lang, T("Track.Lookup.Title"), null, body.ToString(), "/track");
    }

    private static string Layout(string lang, string title, StoreOptions? store, string body, string? selfPath) =>
        PublicPage.Layout(lang, title, store?.Name, Css, body, selfPath, "<meta name=\"robots\" content=\"noindex\">");

    private static string E(string? s) => PublicPage.E(s);

    private static Task WriteHtmlAsync(HttpContext http, int status, string html, CancellationToken ct) => PublicPage.WriteAsync(http, status, html, ct);

    private const string Css =
        "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f4f5f7;color:#1d2330}" +
        "main{max-width:640px;margin:0 auto;padding:24px 16px}header{margin-bottom:8px}.store{color:#5b6472;margin:0;font-size:14px;text-transform:uppercase;letter-spacing:.05em}" +
        "h1{font-size:26px;margin:4px 0}h2{font-size:17px;margin:20px 0 8px}section{background:#fff;border-radius:10px;padding:4px 18px 14px;margin:12px 0;box-shadow:0 1px 2px #0001}" +
        ".status{display:inline-block;margin:4px 0;padding:2px 10px;border-radius:99px;background:#e3ecff;color:#1d4ed8;font-weight:600}" +
        ".s-delivered{background:#dcfce7;color:#166534}.s-cancelled,.s-returned{background:#eee;color:#444}" +
        ".badge{display:inline-block;margin:4px 0;padding:2px 10px;border-radius:99px;background:#fde68a;color:#7c2d12;font-weight:600}" +
        ".delay{background:#fff7e6;border:1px solid #f5c16c;border-radius:10px;padding:12px 16px;margin:12px 0}" +
        ".stages{list-style:none;padding:0;margin:0}.stages li{padding:8px 0 8px 28px;position:relative;border-left:2px solid #d0d5dd;margin-left:8px}" +
        ".stages li:before{content:'';position:absolute;left:-8px;top:12px;width:14px;height:14px;border-radius:50%;background:#d0d5dd}" +
        ".stages li.done:before{background:#16a34a}.stages li.current:before{background:#2563eb;box-shadow:0 0 0 4px #bfdbfe}.stages li.current .name{font-weight:700}" +
        ".stages li.todo{color:#5b6472}.stages time,.eta{color:#5b6472;font-size:14px;margin-left:6px}" +
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:14px 0}dt{color:#5b6472}dd{margin:0}.mono{font-family:ui-monospace,monospace}" +
        ".items{padding-left:20px}.help,.updated{color:#5b6472;font-size:14px}.langs{font-size:14px}.langs a{margin-right:8px;color:#1d4ed8}" +
        "form{display:grid;gap:8px;background:#fff;padding:18px;border-radius:10px}input{font:inherit;padding:8px 10px;border:1px solid #c3c8d0;border-radius:6px}" +
        "button{font:inherit;padding:10px;border:0;border-radius:6px;background:#2563eb;color:#fff;font-weight:600;cursor:pointer}label{font-weight:600}";
}

/// <summary>A status change, payment or delay makes the cached tracking page of that order stale.</summary>
public sealed class TrackingPageEviction(IMemoryCache cache)
    : IDomainEventHandler<OrderStatusChanged>, IDomainEventHandler<OrderPaid>, IDomainEventHandler<OrderDelayed>
{
    public Task HandleAsync(OrderStatusChanged domainEvent, CancellationToken cancellationToken) => Evict(domainEvent.Order);

    public Task HandleAsync(OrderPaid domainEvent, CancellationToken cancellationToken) => Evict(domainEvent.Order);

    public Task HandleAsync(OrderDelayed domainEvent, CancellationToken cancellationToken) => Evict(domainEvent.Order);

    private Task Evict(Order order)
    {
        TrackingPage.Evict(cache, order.TrackingToken);
        return Task.CompletedTask;
    }
}

/// <summary>
/// What the public page shows of one order, read with one hand-written query: this is the hottest read in the
/// product (peaks of customers refreshing), so it skips entity materialisation and change-tracking set-up.
/// The SQL uses quoted identifiers that both SQLite and PostgreSQL accept.
/// </summary>
internal sealed record TrackingView(
    string Number, OrderStatus Status, string Language, DateTime StatusChangedAt, DateTime? PaidAt, decimal Total, string Currency,
    string? Carrier, string? TrackingNumber, Address Address, IReadOnlyList<OrderItem> Items, IReadOnlyDictionary<OrderStatus, DateTime> Reached)
{
    private const string Sql = """
        SELECT o."Number", o."Status", o."Language", o."StatusChangedAt", o."PaidAt", o."Total", o."Currency",
               o."Carrier", o."TrackingNumber", o."ShippingAddress", o."Items", h."ToStatus", h."OccurredAt"
        FROM orders o
        LEFT JOIN order_history h ON h."OrderId" = o."Id" AND h."Kind" = 'status'
        WHERE o."TrackingToken" = @token
        ORDER BY h."OccurredAt", h."Id"
        """;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public bool IsDelayed(StageTargets targets, DateTime now) => ExpectedBy(targets) is { } due && due <= now;

    public DateTime? ExpectedBy(StageTargets targets) => targets.For(Status) is { } t ? StatusChangedAt + t : null;

    public static async Task<TrackingView?> LoadAsync(ReadConnections connections, string token, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@token";
            parameter.Value = token;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            TrackingView? view = null;
            var reached = new Dictionary<OrderStatus, DateTime>();
            while (await reader.ReadAsync(ct))
            {
                view ??= new TrackingView(
                    reader.GetString(0), Enum.Parse<OrderStatus>(reader.GetString(1)), reader.GetString(2), Utc(reader.GetDateTime(3)),
                    reader.IsDBNull(4) ? null : Utc(reader.GetDateTime(4)), reader.GetDecimal(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    System.Text.Json.JsonSerializer.Deserialize<Address>(reader.GetString(9), Json) ?? new Address(),
                    System.Text.Json.JsonSerializer.Deserialize<List<OrderItem>>(reader.GetString(10), Json) ?? [],
                    reached);
                if (!reader.IsDBNull(11))
                {
                    reached[Enum.Parse<OrderStatus>(reader.GetString(11))] = Utc(reader.GetDateTime(12));
                }
            }
            return view;
        }
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
