using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

public sealed class HelpCentreOptions
{
    /// <summary>Help-centre page views (and searches) per client address per minute (0: no limit).</summary>
    public int ViewsPerMinute { get; set; } = 300;

    /// <summary>How long a rendered page is served from memory (zero: not cached). Edits on this instance show at once.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cache-Control max-age for browsers and proxies.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Rendered help pages in memory; an edit moves to a new generation, so every old page is skipped at once.</summary>
public sealed class HelpCentreCache(IMemoryCache cache)
{
    private int _generation;

    public IMemoryCache Memory => cache;

    public string Key(string lang, string page) => $"help:{Volatile.Read(ref _generation)}:{lang}:{page}";

    public void Changed() => Interlocked.Increment(ref _generation);
}

/// <summary>
/// The public help centre: static HTML, no script, no circuit; every value encoded and article bodies sanitized Markdown.
/// The list and article pages are cached in memory for a few seconds; searches are not cached but rate limited.
/// </summary>
public static class HelpCentrePage
{
    public const string ViewLimiter = "help-view";
    public const int MaxQueryChars = 100;
    private const string Csp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddHelpCentre(this IServiceCollection services)
    {
        services.AddOptions<HelpCentreOptions>().BindConfiguration("Touchpoint:Help")
            .Validate(o => o.ViewsPerMinute >= 0 && o.CacheFor >= TimeSpan.Zero && o.CacheFor <= TimeSpan.FromHours(1) && o.MaxAge >= TimeSpan.Zero && o.MaxAge <= TimeSpan.FromDays(1),
                "Touchpoint:Help: ViewsPerMinute ≥ 0 (0: no limit), CacheFor between 0 and 1 hour, MaxAge between 0 and 1 day.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<HelpCentreCache>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ViewLimiter, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<HelpCentreOptions>>().Value.ViewsPerMinute;
                return limit <= 0
                    ? RateLimitPartition.GetNoLimiter("all")
                    : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1) });
            });
        });
        services.AnswerRateLimitRejections("/help", (http, ct) =>
        {
            var lang = Languages.Normalize(http.Request.Query["lang"]);
            var body = $"<h1>{E(Texts.Get(lang, "Help.TooMany.Title"))}</h1><p>{E(Texts.Get(lang, "Help.TooMany"))}</p>";
            return WriteAsync(http, StatusCodes.Status429TooManyRequests, Encoding.UTF8.GetBytes(Layout(lang, Texts.Get(lang, "Help.TooMany.Title"), null, body, null)), "no-store", varies: false, ct);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapHelpCentre(this IEndpointRouteBuilder app)
    {
        app.MapGet("/help", IndexAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(ViewLimiter);
        app.MapGet("/help/{slug}", ArticleAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(ViewLimiter);
        return app;
    }

    private static string PickLanguage(string? lang) => Languages.Normalize(lang ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    private static async Task IndexAsync(HttpContext http, string? lang, string? q, HelpCentreCache cache, IOptions<HelpCentreOptions> options,
        IOptions<StoreOptions> store, TopicCatalog topics, CancellationToken ct)
    {
        var language = PickLanguage(lang);
        var query = (q ?? "").Trim();
        query = query.Length > MaxQueryChars ? query[..MaxQueryChars] : query;
        byte[] page;
        if (query.Length > 0)
        {
            var db = http.RequestServices.GetRequiredService<TouchpointDb>();
            var found = await SearchAsync(db, language, query, ct);
            page = Encoding.UTF8.GetBytes(RenderIndex(language, store.Value, await topics.AllAsync(ct), found, query));
        }
        else
        {
            page = await CachedAsync(cache, options.Value, cache.Key(language, "index"), async () =>
            {
                var db = http.RequestServices.GetRequiredService<TouchpointDb>();
                var all = await db.Set<HelpArticle>().AsNoTracking().Where(a => a.Language == language && a.Published)
                    .OrderBy(a => a.Position).ThenBy(a => a.Title).Select(a => new ArticleLink(a.Slug, a.Title, a.Topic)).ToListAsync(ct);
                return Encoding.UTF8.GetBytes(RenderIndex(language, store.Value, await topics.AllAsync(ct), all, null));
            });
        }
        await WriteAsync(http, 200, page, CacheControl(options.Value), varies: lang is null, ct);
    }

    private static async Task ArticleAsync(string slug, HttpContext http, string? lang, HelpCentreCache cache, IOptions<HelpCentreOptions> options,
        IOptions<StoreOptions> store, TopicCatalog topics, CancellationToken ct)
    {
        var language = PickLanguage(lang);
        var page = await CachedAsync(cache, options.Value, cache.Key(language, "a:" + slug), async () =>
        {
            var article = HelpArticles.IsValidSlug(slug) ? await FindAsync(http.RequestServices.GetRequiredService<TouchpointDb>(), language, slug, ct) : null;
            if (article is null)
            {
                var body = $"<h1>{E(Texts.Get(language, "Help.NotFound.Title"))}</h1><p>{E(Texts.Get(language, "Help.NotFound"))}</p>" +
                           $"<p><a href=\"/help?lang={language}\">{E(Texts.Get(language, "Help.AllArticles"))}</a></p>";
                return [0, .. Encoding.UTF8.GetBytes(Layout(language, Texts.Get(language, "Help.NotFound.Title"), store.Value, body, "/help"))];
            }
            var topicName = article.Topic is null ? null : (await topics.AllAsync(ct)).FirstOrDefault(t => t.Key == article.Topic)?.Name(article.Language);
            return Encoding.UTF8.GetBytes(RenderArticle(article, topicName, store.Value));
        });
        var found = page[0] != 0;
        await WriteAsync(http, found ? 200 : 404, found ? page : page.AsMemory(1), CacheControl(options.Value), varies: lang is null, ct);
    }

    /// <summary>The article in the language asked; else the same slug in another language (English first).</summary>
    private static async Task<HelpArticle?> FindAsync(TouchpointDb db, string language, string slug, CancellationToken ct)
    {
        var candidates = await db.Set<HelpArticle>().AsNoTracking().Where(a => a.Slug == slug && a.Published).ToListAsync(ct);
        return candidates.FirstOrDefault(a => a.Language == language)
               ?? candidates.OrderBy(a => a.Language == "en" ? 0 : 1).ThenBy(a => a.Language, StringComparer.Ordinal).FirstOrDefault();
    }

    internal sealed record ArticleLink(string Slug, string Title, string? Topic);

    /// <summary>Every word must appear in the title or the body, in any case. Words are matched literally (LIKE wildcards escaped).</summary>
    internal static async Task<List<ArticleLink>> SearchAsync(TouchpointDb db, string language, string query, CancellationToken ct)
    {
        var words = HelpArticle.Fold(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Take(5).ToList();
        var q = db.Set<HelpArticle>().AsNoTracking().Where(a => a.Language == language && a.Published);
        foreach (var word in words)
        {
            var pattern = "%" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            q = q.Where(a => EF.Functions.Like(a.SearchText, pattern, "\\"));
        }
        return await q.OrderBy(a => a.Position).ThenBy(a => a.Title).Take(50).Select(a => new ArticleLink(a.Slug, a.Title, a.Topic)).ToListAsync(ct);
    }

    private static async Task<byte[]> CachedAsync(HelpCentreCache cache, HelpCentreOptions options, string key, Func<Task<byte[]>> render)
    {
        if (cache.Memory.TryGetValue(key, out byte[]? page) && page is not null)
        {
            return page;
        }
        page = await render();
        if (options.CacheFor > TimeSpan.Zero)
        {
            cache.Memory.Set(key, page, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.CacheFor, Size = page.Length });
        }
        return page;
    }

    private static string CacheControl(HelpCentreOptions options) => $"public, max-age={(int)options.MaxAge.TotalSeconds}";

    internal static string RenderIndex(string lang, StoreOptions store, IReadOnlyList<Topic> topics, IReadOnlyList<ArticleLink> articles, string? query)
    {
        string T(string key) => Texts.Get(lang, key);
        var sb = new StringBuilder(4096);
        sb.Append("<header><p class=\"store\">").Append(E(store.Name)).Append("</p><h1>").Append(E(T("Help.Title"))).Append("</h1><p class=\"intro\">")
          .Append(E(T("Help.Intro"))).Append("</p></header>");
        sb.Append("<form class=\"search\" method=\"get\" action=\"/help\" role=\"search\"><input type=\"hidden\" name=\"lang\" value=\"").Append(lang).Append("\">")
          .Append("<label for=\"q\" class=\"sr\">").Append(E(T("Help.Search.Label"))).Append("</label>")
          .Append("<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"").Append(MaxQueryChars).Append("\" placeholder=\"").Append(E(T("Help.Search.Placeholder")))
          .Append("\" value=\"").Append(E(query ?? "")).Append("\"><button type=\"submit\">").Append(E(T("Help.Search.Submit"))).Append("</button></form>");
        if (query is not null)
        {
            sb.Append("<section><h2>").Append(E(Texts.Format(lang, "Help.Search.Results", query))).Append("</h2>");
            if (articles.Count == 0)
            {
                sb.Append("<p>").Append(E(T("Help.Search.None"))).Append("</p>");
            }
            else
            {
                AppendLinks(sb, lang, articles);
            }
            sb.Append("<p><a href=\"/help?lang=").Append(lang).Append("\">").Append(E(T("Help.AllArticles"))).Append("</a></p></section>");
        }
        else if (articles.Count == 0)
        {
            sb.Append("<section><p>").Append(E(T("Help.Empty"))).Append("</p></section>");
        }
        else
        {
            var known = topics.ToDictionary(t => t.Key, StringComparer.Ordinal);
            var groups = articles
                .GroupBy(a => a.Topic is not null && known.ContainsKey(a.Topic) ? a.Topic : "")
                .OrderBy(g => g.Key.Length == 0 ? int.MaxValue : known[g.Key].Position)
                .ThenBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in groups)
            {
                sb.Append("<section><h2>").Append(E(group.Key.Length == 0 ? T("Help.General") : known[group.Key].Name(lang))).Append("</h2>");
                AppendLinks(sb, lang, group.ToList());
                sb.Append("</section>");
            }
        }
        sb.Append("<p class=\"more\"><a href=\"/track?lang=").Append(lang).Append("\">").Append(E(T("Help.TrackOrder"))).Append("</a></p>");
        return Layout(lang, T("Help.Title"), store, sb.ToString(), "/help");
    }

    private static void AppendLinks(StringBuilder sb, string lang, IReadOnlyList<ArticleLink> articles)
    {
        sb.Append("<ul class=\"articles\">");
        foreach (var a in articles)
        {
            sb.Append("<li><a href=\"/help/").Append(Uri.EscapeDataString(a.Slug)).Append("?lang=").Append(lang).Append("\">").Append(E(a.Title)).Append("</a></li>");
        }
        sb.Append("</ul>");
    }

    internal static string RenderArticle(HelpArticle article, string? topicName, StoreOptions store)
    {
        var lang = Languages.Normalize(article.Language);
        string T(string key) => Texts.Get(lang, key);
        var sb = new StringBuilder(article.Markdown.Length * 2 + 2048);
        sb.Append("<header><p class=\"store\"><a href=\"/help?lang=").Append(lang).Append("\">").Append(E(store.Name)).Append(" · ").Append(E(T("Help.Title"))).Append("</a></p>");
        if (topicName is not null)
        {
            sb.Append("<p class=\"topic\">").Append(E(topicName)).Append("</p>");
        }
        sb.Append("<h1>").Append(E(article.Title)).Append("</h1></header>");
        // Markdown written by staff: raw HTML is shown as text, and the result is sanitized (no script, no javascript: links).
        sb.Append("<article>").Append(SafeHtml.FromMarkdown(article.Markdown, article.Language)).Append("</article>");
        sb.Append("<p class=\"updated\">").Append(E(Texts.Format(lang, "Help.Updated", When.Format(store, article.UpdatedAt, lang, When.Style.Date)))).Append("</p>");
        sb.Append("<p><a href=\"/help?lang=").Append(lang).Append("\">← ").Append(E(T("Help.AllArticles"))).Append("</a></p>");
        return Layout(lang, article.Title, store, sb.ToString(), "/help/" + Uri.EscapeDataString(article.Slug));
    }

    private static string Layout(string lang, string title, StoreOptions? store, string body, string? selfPath) =>
        PublicPage.Layout(lang, title, store?.Name, Css, body, selfPath);

    private static string E(string? s) => PublicPage.E(s);

    /// <summary><paramref name="varies"/>: without ?lang= the language came from the cookie or Accept-Language, so shared caches must keep them apart.</summary>
    private static async Task WriteAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, string cacheControl, bool varies, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = cacheControl;
        if (varies)
        {
            http.Response.Headers.Vary = "Accept-Language, Cookie";
        }
        http.Response.Headers.ContentSecurityPolicy = Csp;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, ct);
    }

    private const string Css =
        "body{margin:0;font:16px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f4f5f7;color:#1d2330}" +
        "main{max-width:760px;margin:0 auto;padding:24px 16px}header{margin-bottom:12px}.store{color:#5b6472;margin:0;font-size:14px;text-transform:uppercase;letter-spacing:.05em}" +
        ".store a{color:inherit;text-decoration:none}.topic{margin:8px 0 0;color:#1d4ed8;font-weight:600;font-size:14px}.intro{color:#5b6472;margin:4px 0 0}" +
        "h1{font-size:28px;line-height:1.25;margin:6px 0}h2{font-size:18px;margin:18px 0 6px}section,article{background:#fff;border-radius:10px;padding:6px 20px 12px;margin:14px 0;box-shadow:0 1px 2px #0001}" +
        "article{padding:8px 22px 16px}article h2{font-size:19px}article h3{font-size:17px}article table{border-collapse:collapse}article td,article th{border:1px solid #d0d5dd;padding:4px 8px;text-align:left}" +
        "a{color:#1d4ed8}.articles{list-style:none;padding:0;margin:0 0 8px}.articles li{padding:6px 0;border-bottom:1px solid #eef0f3}.articles li:last-child{border-bottom:0}" +
        ".articles a{text-decoration:none;font-weight:500}.articles a:hover{text-decoration:underline}" +
        ".search{display:flex;gap:8px;margin:16px 0}.search input{flex:1;font:inherit;padding:10px 12px;border:1px solid #c3c8d0;border-radius:8px;min-width:0}" +
        ".search button{font:inherit;padding:10px 18px;border:0;border-radius:8px;background:#2563eb;color:#fff;font-weight:600;cursor:pointer}" +
        ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}.updated,.more{color:#5b6472;font-size:14px}.langs{font-size:14px;margin-top:16px}.langs a,.langs strong{margin-right:8px}.langs a{color:#1d4ed8}";
}
