using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using DotLiquid;
using DotLiquid.Exceptions;

namespace Touchpoint.Platform.Localization;

/// <summary>A value that is already safe HTML (sanitized); rendered as is in the HTML part and as <see cref="Text"/> in the text part.</summary>
public sealed record TrustedHtml(string Html, string Text);

/// <summary>
/// Liquid (DotLiquid) rendering with parsed templates cached by their text. Values are plain strings in a
/// nested dictionary; for the HTML part every value is HTML-encoded first, so order data cannot inject markup.
/// </summary>
public static class LiquidRenderer
{
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    /// <summary>Null when the template parses, else the reason, for the settings editor.</summary>
    public static string? Check(string source)
    {
        try
        {
            Parse(source);
            return null;
        }
        catch (LiquidException ex)
        {
            return ex.Message;
        }
    }

    public static string Render(string source, IDictionary<string, object> model, bool html)
    {
        var template = Parse(source);
        return template.Render(new RenderParameters(CultureInfo.InvariantCulture)
        {
            LocalVariables = ToHash(model, html),
            ErrorsOutputMode = ErrorsOutputMode.Display,
        });
    }

    private static Template Parse(string source)
    {
        if (Parsed.TryGetValue(source, out var cached))
        {
            return cached;
        }
        var template = Template.Parse(source);
        template.MakeThreadSafe();
        if (Parsed.Count > 2000)
        {
            Parsed.Clear();
        }
        Parsed[source] = template;
        return template;
    }

    private static Hash ToHash(IDictionary<string, object> model, bool encode) =>
        Hash.FromDictionary(model.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, encode)));

    private static object Convert(object value, bool encode) => value switch
    {
        string s => encode ? WebUtility.HtmlEncode(s) : s,
        TrustedHtml t => encode ? t.Html : t.Text,
        IDictionary<string, object> nested => ToHash(nested, encode),
        IEnumerable<IDictionary<string, object>> list => list.Select(i => ToHash(i, encode)).ToList(),
        _ => value,
    };
}
