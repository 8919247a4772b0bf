using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Localization;

namespace Touchpoint.Platform.Localization.Resources
{
    /// <summary>Marker for the one resource set of UI and customer-facing text (en, ru, pl).</summary>
    public sealed class SharedResource;
}

namespace Touchpoint.Platform.Localization
{
    using Touchpoint.Platform.Localization.Resources;

    public static class Languages
    {
        public static readonly IReadOnlyList<string> Supported = ["en", "ru", "pl"];

        public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
        {
            ["en"] = "English",
            ["ru"] = "Русский",
            ["pl"] = "Polski",
        };

        public static string Normalize(string? language) =>
            language is not null && Supported.Contains(language.ToLowerInvariant()) ? language.ToLowerInvariant() : "en";

        public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(Normalize(language));
    }

    /// <summary>Text for pages and messages that are rendered outside a request's culture (tracking page, emails).</summary>
    public static class Texts
    {
        private static readonly ResourceManager Resources =
            new(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);

        // ResourceManager takes a lock on every lookup; public pages render dozens of strings per request
        // under load, so each language's table is read once into a frozen dictionary.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Frozen.FrozenDictionary<string, string>> Tables = new(StringComparer.Ordinal);

        public static string Get(string language, string key) =>
            Tables.GetOrAdd(Languages.Normalize(language), Load).TryGetValue(key, out var value) ? value : key;

        private static System.Collections.Frozen.FrozenDictionary<string, string> Load(string language)
        {
            var culture = Languages.Culture(language);
            var neutral = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)!;
            var table = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in neutral)
            {
                var key = (string)entry.Key;
                table[key] = Resources.GetString(key, culture) ?? (string?)entry.Value ?? key;
            }
            return table.ToFrozenDictionary(StringComparer.Ordinal);
        }

        public static string Format(string language, string key, params object?[] args) =>
            string.Format(Languages.Culture(language), Get(language, key), args);
    }

    public static class LocalizationModule
    {
        public const string CookieName = ".Touchpoint.Culture";

        public static IServiceCollection AddTouchpointLocalization(this IServiceCollection services)
        {
            services.AddLocalization();
            services.Configure<RequestLocalizationOptions>(o =>
            {
                var cultures = Languages.Supported.Select(CultureInfo.GetCultureInfo).ToList();
                o.DefaultRequestCulture = new RequestCulture("en");
                o.SupportedCultures = cultures;
                o.SupportedUICultures = cultures;
                o.RequestCultureProviders =
                [
                    new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                    new CookieRequestCultureProvider { CookieName = CookieName },
                    new AcceptLanguageHeaderRequestCultureProvider(),
                ];
            });
            return services;
        }

        /// <summary>GET /culture?lang=ru&amp;returnUrl=/orders: remembers the choice in a cookie for a year.</summary>
        public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
        {
            app.MapGet("/culture", (HttpContext http, string? lang, string? returnUrl) =>
            {
                var language = Languages.Normalize(lang);
                http.Response.Cookies.Append(CookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
                var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
                    ? returnUrl : "/";
                return Results.LocalRedirect(target);
            }).ExcludeFromDescription().AllowAnonymous();
            return app;
        }
    }
}
