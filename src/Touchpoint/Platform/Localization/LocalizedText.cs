using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Web;

namespace Touchpoint.Platform.Localization;

/// <summary>
/// A text a store names in each language it serves — a topic, a scorecard's criterion, a survey question, a policy's
/// name: one value holding every language, stored as one JSON column (<c>{"en":"Returns","pl":"Zwroty"}</c>) and sent
/// as the same object in the API. A fourth language is one more key in the data, never a column in every feature's
/// table. Reads fall back to English, then to any language given, so a name is never blank while a translation is missing.
/// </summary>
[JsonConverter(typeof(LocalizedTextJsonConverter))]
public sealed class LocalizedText : IEquatable<LocalizedText>
{
    private readonly SortedDictionary<string, string> _values;

    public LocalizedText(IEnumerable<KeyValuePair<string, string?>> values)
    {
        _values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, text) in values)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                _values[language.ToLowerInvariant()] = text.Trim();
            }
        }
    }

    public static readonly LocalizedText Empty = new([]);

    public static LocalizedText Of(string en, string ru, string pl) => new([new("en", en), new("ru", ru), new("pl", pl)]);

    /// <summary>The languages given and their texts.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The text in <paramref name="language"/>, else English, else any; "" when there is none.</summary>
    public string For(string language) =>
        _values.TryGetValue(Languages.Normalize(language), out var text) ? text
        : _values.TryGetValue("en", out var en) ? en
        : _values.Values.FirstOrDefault() ?? "";

    /// <summary>The text in exactly this language, or null (for editors that show what is missing).</summary>
    public string? Exact(string language) => _values.GetValueOrDefault(language);

    public LocalizedText With(string language, string? text)
    {
        var values = _values.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);
        values[language] = text;
        return new LocalizedText(values);
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    public static LocalizedText Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }
        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];
        return new LocalizedText(values);
    }

    /// <summary>
    /// Checks a text sent from outside: an object of supported languages (en, ru, pl), each at most
    /// <paramref name="maxChars"/>; with <paramref name="everyLanguage"/>, each one given — what people read is in every
    /// language from the start.
    /// </summary>
    public static Validation Check(Validation v, string field, IReadOnlyDictionary<string, string?>? values, int maxChars, bool everyLanguage = true)
    {
        if (values is null)
        {
            return v.Add(field, Texts.Ui("Valid.Localized.Required", string.Join(", ", Languages.Supported)));
        }
        foreach (var (language, text) in values)
        {
            if (!Languages.Supported.Contains(language))
            {
                v.Add($"{field}.{language}", Texts.Ui("Valid.UnknownLanguage", language));
            }
            else if ((text?.Trim().Length ?? 0) > maxChars)
            {
                v.Add($"{field}.{language}", Texts.Ui("Valid.MaxChars", maxChars));
            }
        }
        foreach (var language in everyLanguage ? Languages.Supported : ["en"])
        {
            if (string.IsNullOrWhiteSpace(values.GetValueOrDefault(language)))
            {
                v.Add($"{field}.{language}", Texts.Ui("Valid.Required"));
            }
        }
        return v;
    }

    public bool Equals(LocalizedText? other) => other is not null && _values.Count == other._values.Count && _values.All(v => other._values.TryGetValue(v.Key, out var o) && o == v.Value);

    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    public override int GetHashCode() => _values.Aggregate(0, (h, v) => HashCode.Combine(h, v.Key, v.Value));

    public override string ToString() => For("en");
}

public sealed class LocalizedTextJsonConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string?>>(ref reader, options) ?? []);

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (language, text) in value.Values)
        {
            writer.WriteString(language, text);
        }
        writer.WriteEndObject();
    }
}

public static class LocalizedTextMapping
{
    /// <summary>Stores the property as one JSON text column; compared by value, so an edit is seen as a change.</summary>
    public static PropertyBuilder<LocalizedText> HasLocalizedText(this PropertyBuilder<LocalizedText> property) =>
        property.HasConversion(t => t.ToJson(), json => LocalizedText.Parse(json),
            new ValueComparer<LocalizedText>((a, b) => a == null ? b == null : a.Equals(b), t => t.GetHashCode(), t => LocalizedText.Parse(t.ToJson())));
}
