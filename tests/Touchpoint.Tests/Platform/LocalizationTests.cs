using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Localization.Resources;

namespace Touchpoint.Tests.Platform;

/// <summary>The resx is complete in en, ru and pl, and messages follow the UI culture of whoever is answered.</summary>
public sealed partial class LocalizationTests
{
    private static readonly ResourceManager Resources = new(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(Valid|Problem)\.[A-Z][A-Za-z]*(\.[A-Z][A-Za-z]*)*$")]
    private static partial Regex MessageKey();

    private static Dictionary<string, string> Table(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);

    private static string[] Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Every_text_is_in_russian_and_polish_with_the_same_placeholders()
    {
        var english = Table(CultureInfo.InvariantCulture);
        foreach (var language in new[] { "ru", "pl" })
        {
            var translated = Table(CultureInfo.GetCultureInfo(language));
            Assert.Empty(english.Keys.Except(translated.Keys).Select(k => $"{language} misses {k}"));
            Assert.Empty(translated.Keys.Except(english.Keys).Select(k => $"{language} has {k}, English does not"));
            foreach (var (key, text) in english)
            {
                Assert.False(string.IsNullOrWhiteSpace(translated[key]), $"{language} {key} is empty");
                Assert.True(Placeholders(text).SequenceEqual(Placeholders(translated[key])),
                    $"{language} {key}: placeholders {string.Join(",", Placeholders(translated[key]))}, English has {string.Join(",", Placeholders(text))}");
                if (Placeholders(text).Length > 0)
                {
                    // Texts.Format must not throw on a stray brace in a translation.
                    var args = Enumerable.Range(0, Placeholders(text).Max(int.Parse) + 1).Select(i => (object)$"arg{i}").ToArray();
                    _ = string.Format(CultureInfo.GetCultureInfo(language), translated[key], args);
                }
            }
        }
    }

    /// <summary>A key with a typo would show itself (Texts.Get falls back to the key): every message key in the code must exist.</summary>
    [Fact]
    public void Every_message_key_the_code_uses_is_in_the_resx()
    {
        var english = Table(CultureInfo.InvariantCulture);
        using var module = ModuleDefinition.ReadModule(typeof(SharedResource).Assembly.Location);
        var keys = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody)
            .SelectMany(m => m.Body.Instructions)
            .Where(i => i.OpCode == OpCodes.Ldstr && i.Operand is string s && MessageKey().IsMatch(s))
            .Select(i => (string)i.Operand).ToHashSet(StringComparer.Ordinal);
        Assert.True(keys.Count > 100, $"only {keys.Count} message keys found in the code");
        Assert.Empty(keys.Where(k => !english.ContainsKey(k)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("en", "An IANA time zone id, e.g. Europe/Warsaw.", "Periods 09:00–13:00 and 12:00–18:00 overlap.")]
    [InlineData("ru-RU", "Идентификатор часового пояса IANA, например Europe/Warsaw.", "Периоды 09:00–13:00 и 12:00–18:00 пересекаются.")]
    [InlineData("pl", "Identyfikator strefy czasowej IANA, np. Europe/Warsaw.", "Okresy 09:00–13:00 i 12:00–18:00 nakładają się.")]
    [InlineData("de", "An IANA time zone id, e.g. Europe/Warsaw.", "Periods 09:00–13:00 and 12:00–18:00 overlap.")]
    public void Validation_speaks_the_ui_culture_of_the_circuit(string culture, string timeZone, string overlap)
    {
        // A settings page calls the admin service inside its Blazor circuit, which runs in the user's culture.
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var (v, calendar) = SlaAdmin.ValidateCalendar("Shop", new CalendarRequest
            {
                TimeZone = "Mars/Olympus",
                Week = new() { ["monday"] = [new PeriodInput { From = "09:00", To = "13:00" }, new PeriodInput { From = "12:00", To = "18:00" }] },
            });
            Assert.Null(calendar);
            Assert.Equal([timeZone], v.Errors["timeZone"]);
            Assert.Equal([overlap], v.Errors["week.monday"]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void A_message_without_arguments_keeps_its_braces()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            Assert.Equal("Each period is { \"from\": \"HH:mm\", \"to\": \"HH:mm\" } (to may be 24:00).", Texts.Ui("Valid.Sla.Period"));
            Assert.Equal("'x' has no agent profile; PUT /api/v1/agents/{email} first.", Texts.Ui("Valid.Duty.Agent", "x"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
