namespace Touchpoint.Platform.Text;

/// <summary>
/// How enums travel in the API, URLs and stored JSON: their lower-case names (<c>pending</c>, <c>urgent</c>). One codec
/// for every feature; the projects import this namespace everywhere (a global using in the csproj files).
/// </summary>
public static class Wire
{
    public static string ToWire<T>(this T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Lower-case names only, as the API documents them; numbers and other spellings are refused.</summary>
    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        return !string.IsNullOrEmpty(value) && value.All(c => char.IsAsciiLetterLower(c))
            && Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result);
    }

    public static string[] Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => v.ToWire()).ToArray();
}
