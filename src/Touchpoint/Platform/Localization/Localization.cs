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

        /// <summary>
        /// The language of the person being answered now: the request's UI culture (set by the localization middleware
        /// from the culture cookie or Accept-Language) or the Blazor circuit's; en when it is not one we speak.
        /// </summary>
        public static string Current => Normalize(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
    }

    /// <summary>
    /// Text from the resx: in a given language for pages and messages rendered outside a request's culture (tracking
    /// page, emails), or with <see cref="Ui"/> in the language of the person being answered now.
    /// </summary>
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

        /// <summary>
        /// Text for the person being answered now (<see cref="Languages.Current"/>): validation messages and problem
        /// details, which the API and the settings pages show as they are. Like <c>IStringLocalizer</c>, the text is
        /// formatted only when arguments are given, so a message without placeholders may show JSON braces as they are.
        /// </summary>
        public static string Ui(string key, params object?[] args)
        {
            var language = Languages.Current;
            return args.Length == 0 ? Get(language, key) : Format(language, key, args);
        }
    }

    public static class LocalizationModule
    {
        public const string CookieName = ".Touchpoint.Culture";

        public static IServiceCollection AddTouchpointLocalization(this IServiceCollection services)
        {
            services.AddLocalization();
            services.AddSingleton<When>();
            // Scoped: one per circuit, so each tab keeps its own reader's culture.
            services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitCulture>();
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
