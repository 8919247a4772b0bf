using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Touchpoint.Features.Search;

/// <summary>
/// What a search box's text means: the words for the text index (letters and digits only, so no character of a user's
/// text is ever query syntax: <c>"</c>, <c>*</c>, <c>NEAR</c>, <c>:</c>, <c>&amp;</c> … are gone or plain words), a
/// conversation number (<c>#1042</c> or <c>1042</c>), an email, a phone, an order or tracking number.
/// </summary>
public static partial class SearchText
{
    public const int MaxChars = 200;
    public const int MaxTermChars = 16;

    /// <summary>At most this many words go to the text index; more only slow it down.</summary>
    public const int MaxWords = 8;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^#?(\d{1,18})$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\+?[\d\s().\-/]{7,24}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}._/\-]{3,64}$")]
    private static partial Regex CodePattern();

    /// <summary>Null when usable; else why not (a key of the resx).</summary>
    public static string? Problem(string? q)
    {
        var t = q?.Trim() ?? "";
        if (t.Length == 0)
        {
            return "Search.Valid.Empty";
        }
        if (t.Length > MaxChars)
        {
            return "Search.Valid.TooLong";
        }
        return t.Any(char.IsControl) ? "Search.Valid.Control" : null;
    }

    /// <summary>The words to look for, normalised as the index holds them (lower case, diacritics removed).</summary>
    public static IReadOnlyList<string> Words(string q) =>
        Word().Matches(q).Select(m => Normalize(m.Value)).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxWords).ToList();

    public static long? ConversationNumber(string q) =>
        NumberPattern().Match(q.Trim()) is { Success: true } m && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static string? Email(string q) => EmailPattern().IsMatch(q.Trim()) ? q.Trim().ToLowerInvariant() : null;

    /// <summary>Text that could be a phone number written any way (+48 601-234-567, (601) 234 567, 0048…): at least 7 digits.</summary>
    public static bool LooksLikePhone(string q) =>
        PhonePattern().IsMatch(q.Trim()) && q.Count(char.IsAsciiDigit) >= 7;

    /// <summary>An order or tracking number: one token of letters, digits and . _ / -.</summary>
    public static string? Code(string q) => CodePattern().IsMatch(q.Trim()) ? q.Trim() : null;

    /// <summary>Lower case without diacritics: "Łukasz Żółć" → "lukasz zolc", "Ёлкин" → "елкин".</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            // Letters with a stroke have no decomposition.
            sb.Append(c switch { 'ł' => 'l', 'ø' => 'o', 'đ' => 'd', 'ß' => 's', _ => c });
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Every prefix (2 to <see cref="MaxTermChars"/> characters) of every word of a name; the word itself when shorter.</summary>
    public static IReadOnlySet<string> NameTerms(string? name)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(name ?? ""))
        {
            var word = Normalize(m.Value);
            if (word.Length == 1)
            {
                terms.Add(word);
            }
            for (var n = 2; n <= Math.Min(word.Length, MaxTermChars); n++)
            {
                terms.Add(word[..n]);
            }
        }
        return terms;
    }

    /// <summary>The term a typed word is looked up by (words longer than the stored prefixes are cut to them).</summary>
    public static string TermOf(string word) => word.Length > MaxTermChars ? word[..MaxTermChars] : word;

    /// <summary>
    /// The snippet as HTML: the text escaped, the matches (between <paramref name="start"/> and <paramref name="end"/>
    /// markers, which the database put there) in <c>&lt;mark&gt;</c>.
    /// </summary>
    public static string Highlight(string? marked, char start = '\u0001', char end = '\u0002')
    {
        return string.IsNullOrEmpty(marked) ? "" : Marked(marked, start, end);
    }

    private static string Marked(string marked, char start, char end)
    {
        var result = new StringBuilder(marked.Length + 32);
        var run = new StringBuilder();
        var inside = false;
        void Flush()
        {
            result.Append(System.Net.WebUtility.HtmlEncode(run.ToString()));
            run.Clear();
        }
        foreach (var c in marked)
        {
            if (c == start && !inside)
            {
                Flush();
                result.Append("<mark>");
                inside = true;
            }
            else if (c == end && inside)
            {
                Flush();
                result.Append("</mark>");
                inside = false;
            }
            else if (c != start && c != end && !char.IsControl(c) || c is '\n' or '\t')
            {
                run.Append(c is '\n' or '\t' ? ' ' : c);
            }
        }
        Flush();
        if (inside)
        {
            result.Append("</mark>");
        }
        return result.ToString();
    }
}
