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

        public static string Get(string language, string key) =>
            Resources.GetString(key, Languages.Culture(language)) ?? key;

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
