using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Platform.Web;

/// <summary>
/// How every JSON body is read: a member named twice is refused everywhere (otherwise the last one silently wins, and
/// two systems reading the same body can disagree about it), and a body the serializer cannot read is answered as a
/// validation problem naming the field, in the caller's language.
/// </summary>
public static class JsonBodies
{
    /// <summary>For bodies read by hand (<see cref="MergePatch"/>): the same rules as the endpoints' own binding.</summary>
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    public static IServiceCollection AddStrictJsonBodies(this IServiceCollection services) =>
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowDuplicateProperties = false);

    /// <summary>The field a reading error is about: the member's path without the root (<c>skills.topics</c>), or <c>body</c>.</summary>
    public static string Field(JsonException ex)
    {
        var path = ex.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            // An unknown member is reported at its parent; its name is in the message between the first quotes.
            return UnknownMember(ex) ?? "body";
        }
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        // The path of an unknown member may end at the member itself or at its parent, depending on the reader.
        return UnknownMember(ex) is { } member && field != member && !field.EndsWith("." + member, StringComparison.Ordinal)
            ? (field.Length == 0 ? member : $"{field}.{member}")
            : field;
    }

    public static string Message(JsonException ex) =>
        UnknownMember(ex) is not null ? Texts.Ui("Valid.UnknownFieldShort")
        : ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? Texts.Ui("Valid.DuplicateField")
        : ex.InnerException is InvalidOperationException || ex.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) ? Texts.Ui("Valid.Utf8")
        : ex.LineNumber is { } line ? Texts.Ui("Valid.JsonAt", line + 1, (ex.BytePositionInLine ?? 0) + 1)
        : Texts.Ui("Valid.JsonBody");

    private static string? UnknownMember(JsonException ex)
    {
        // "The JSON property 'skils' could not be mapped to any .NET member contained in type '…'."
        if (!ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return null;
        }
        var start = ex.Message.IndexOf('\'');
        var end = start < 0 ? -1 : ex.Message.IndexOf('\'', start + 1);
        return end > start ? ex.Message[(start + 1)..end] : null;
    }

    /// <summary>Whether every name and text in the document is valid UTF-8 (the reader checks structure, not the text inside strings).</summary>
    public static bool IsValidText(JsonElement element)
    {
        try
        {
            Walk(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Walk(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                _ = e.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
                break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    _ = p.Name;
                    Walk(p.Value);
                }
                break;
        }
    }
}
