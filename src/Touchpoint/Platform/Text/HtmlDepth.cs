using System.Buffers;
using System.Text;

namespace Touchpoint.Platform.Text;

/// <summary>
/// Caps how deeply HTML elements nest, in one linear pass over the text, before any HTML parser sees it.
/// </summary>
/// <remarks>
/// An HTML parser looks through the stack of open elements for many start tags (a <c>&lt;div&gt;</c> first closes an
/// open <c>&lt;p&gt;</c> "in button scope", which means walking the whole stack), so 50,000 nested elements cost
/// 50,000² steps: one 550 KB mail took 15.7 s to sanitize, and code that walks the tree recursively can overflow the
/// stack. This pass tokenizes the way the HTML tokenizer does (tags, attribute quoting, comments) and keeps its own
/// model of the open elements. A start tag that would open an element deeper than the cap is left out, and so is its
/// end tag; the text inside stays. The model may only ever count more open elements than a parser would, never fewer:
/// an end tag closes only an element among the few nearest open ones, and a formatting element (<c>&lt;b&gt;</c>,
/// <c>&lt;a&gt;</c> …) closed implicitly stays counted, because the parser reopens it for the text that follows.
/// Whatever comes out is still sanitized afterwards: this is about time, not about safety.
/// </remarks>
public static class HtmlDepth
{
    /// <summary>Far more than real mail needs (newsletters nest tables a few dozen deep, long forwarded threads nest quotes).</summary>
    public const int DefaultMax = 256;

    /// <summary>How far below the top of the stack an end tag looks for its element; beyond that it closes nothing here.</summary>
    private const int EndTagReach = 16;

    private static readonly SearchValues<char> TagStart = SearchValues.Create("<");

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
        "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> Formatting = new(StringComparer.Ordinal)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    // Start tags that close an open <p> right above them (the usual unclosed-paragraph HTML).
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main",
        "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    };

    private readonly record struct Open(string Name, bool Kept);

    /// <summary>The HTML with no element nested deeper than <paramref name="maxDepth"/>; unchanged when it has no more tags than that.</summary>
    public static string Limit(string html, int maxDepth = DefaultMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        if (string.IsNullOrEmpty(html) || html.AsSpan().Count('<') <= maxDepth)
        {
            return html ?? "";
        }
        var output = new StringBuilder(html.Length);
        var open = new List<Open>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.AsSpan(i).IndexOfAny(TagStart);
            if (lt < 0)
            {
                output.Append(html, i, html.Length - i);
                break;
            }
            output.Append(html, i, lt);
            i += lt;
            var next = i + 1 < html.Length ? html[i + 1] : '\0';
            if (next == '!' || next == '?' || (next == '/' && i + 2 < html.Length && !char.IsAsciiLetter(html[i + 2])))
            {
                // Comments, doctypes and bogus comments: copied whole, with the tokenizer's own idea of where they end.
                var end = next == '!' && string.CompareOrdinal(html, i, "<!--", 0, 4) == 0 ? CommentEnd(html, i + 4) : BogusCommentEnd(html, i + 2);
                output.Append(html, i, end - i);
                i = end;
                continue;
            }
            var endTag = next == '/';
            var nameStart = endTag ? i + 2 : i + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                // A '<' that starts no tag is text. Written as an entity, so a tag left out right after it can never
                // join it and the text behind into a new tag ("<<div>div>").
                output.Append("&lt;");
                i++;
                continue;
            }
            var nameEnd = nameStart;
            while (nameEnd < html.Length && !IsSpace(html[nameEnd]) && html[nameEnd] is not ('/' or '>'))
            {
                nameEnd++;
            }
            var name = html[nameStart..nameEnd].ToLowerInvariant();
            var tagEnd = TagEnd(html, nameEnd);
            var keep = endTag ? CloseElement(open, name) : OpenElement(open, name, maxDepth);
            if (keep)
            {
                output.Append(html, i, tagEnd - i);
            }
            i = tagEnd;
        }
        return output.ToString();
    }

    /// <summary>Whether the start tag is written; it is not when the element would sit deeper than the cap.</summary>
    private static bool OpenElement(List<Open> open, string name, int maxDepth)
    {
        if (Void.Contains(name))
        {
            return true;
        }
        ImpliedEnd(open, name);
        var kept = open.Count < maxDepth;
        open.Add(new Open(name, kept));
        return kept;
    }

    /// <summary>The elements a start tag ends by itself when they are the nearest open one (unclosed li, p, td …).</summary>
    private static void ImpliedEnd(List<Open> open, string name)
    {
        if (open.Count == 0)
        {
            return;
        }
        var top = open[^1].Name;
        var ends = name switch
        {
            "li" => top == "li",
            "dt" or "dd" => top is "dt" or "dd",
            "option" => top == "option",
            "td" or "th" => top is "td" or "th",
            "tr" => top is "td" or "th" or "tr",
            "thead" or "tbody" or "tfoot" => top is "td" or "th" or "tr" or "thead" or "tbody" or "tfoot",
            _ => top == "p" && ClosesParagraph.Contains(name),
        };
        if (ends)
        {
            open.RemoveAt(open.Count - 1);
            if (name is "tr" or "thead" or "tbody" or "tfoot")
            {
                ImpliedEnd(open, name);
            }
        }
    }

    /// <summary>Whether the end tag is written: not when it closes an element that was left out.</summary>
    private static bool CloseElement(List<Open> open, string name)
    {
        var reach = Math.Max(0, open.Count - EndTagReach);
        for (var k = open.Count - 1; k >= reach; k--)
        {
            if (open[k].Name != name)
            {
                continue;
            }
            var kept = open[k].Kept;
            // Formatting elements closed on the way stay counted: the parser reopens them for the text after.
            var reopened = open.Skip(k + 1).Where(o => Formatting.Contains(o.Name)).ToList();
            open.RemoveRange(k, open.Count - k);
            open.AddRange(reopened);
            return kept;
        }
        // Nothing near by that name: the parser ignores it or closes more than this model does, both harmless.
        return true;
    }

    /// <summary>The index after a start or end tag: the HTML tokenizer's attribute states, so a '&gt;' in a quoted value does not end it.</summary>
    private static int TagEnd(string s, int p)
    {
        var state = Tag.Name;
        for (; p < s.Length; p++)
        {
            var c = s[p];
            switch (state)
            {
                case Tag.Name:
                    if (IsSpace(c)) { state = Tag.BeforeAttributeName; }
                    else if (c == '/') { state = Tag.SelfClosing; }
                    else if (c == '>') { return p + 1; }
                    break;
                case Tag.BeforeAttributeName:
                    if (c == '/') { state = Tag.SelfClosing; }
                    else if (c == '>') { return p + 1; }
                    else if (!IsSpace(c)) { state = Tag.AttributeName; }
                    break;
                case Tag.AttributeName:
                    if (IsSpace(c)) { state = Tag.AfterAttributeName; }
                    else if (c == '/') { state = Tag.SelfClosing; }
                    else if (c == '=') { state = Tag.BeforeValue; }
                    else if (c == '>') { return p + 1; }
                    break;
                case Tag.AfterAttributeName:
                    if (c == '/') { state = Tag.SelfClosing; }
                    else if (c == '=') { state = Tag.BeforeValue; }
                    else if (c == '>') { return p + 1; }
                    else if (!IsSpace(c)) { state = Tag.AttributeName; }
                    break;
                case Tag.BeforeValue:
                    if (c == '"') { state = Tag.DoubleQuoted; }
                    else if (c == '\'') { state = Tag.SingleQuoted; }
                    else if (c == '>') { return p + 1; }
                    else if (!IsSpace(c)) { state = Tag.Unquoted; }
                    break;
                case Tag.DoubleQuoted:
                    if (c == '"') { state = Tag.AfterQuoted; }
                    break;
                case Tag.SingleQuoted:
                    if (c == '\'') { state = Tag.AfterQuoted; }
                    break;
                case Tag.Unquoted:
                    if (IsSpace(c)) { state = Tag.BeforeAttributeName; }
                    else if (c == '>') { return p + 1; }
                    break;
                case Tag.AfterQuoted:
                    if (IsSpace(c)) { state = Tag.BeforeAttributeName; }
                    else if (c == '/') { state = Tag.SelfClosing; }
                    else if (c == '>') { return p + 1; }
                    else { state = Tag.AttributeName; }
                    break;
                case Tag.SelfClosing:
                    // Anything else is read again as "before attribute name": a space waits, another '/' stays here,
                    // the rest (even '=') begins a name.
                    if (c == '>') { return p + 1; }
                    state = IsSpace(c) ? Tag.BeforeAttributeName : c == '/' ? Tag.SelfClosing : Tag.AttributeName;
                    break;
            }
        }
        return s.Length;
    }

    private enum Tag
    {
        Name, BeforeAttributeName, AttributeName, AfterAttributeName, BeforeValue, DoubleQuoted, SingleQuoted, Unquoted, AfterQuoted, SelfClosing,
    }

    /// <summary>
    /// The index after a comment whose text starts at <paramref name="p"/> (after "&lt;!--"): it ends at the first
    /// "--&gt;" or "--!&gt;", and at once for "&lt;!--&gt;" and "&lt;!---&gt;", as the tokenizer has it.
    /// </summary>
    private static int CommentEnd(string s, int p)
    {
        if (p < s.Length && s[p] == '>')
        {
            return p + 1;
        }
        if (p + 1 < s.Length && s[p] == '-' && s[p + 1] == '>')
        {
            return p + 2;
        }
        for (var m = s.IndexOf('>', p); m >= 0; m = s.IndexOf('>', m + 1))
        {
            if ((m - 2 >= p && s[m - 2] == '-' && s[m - 1] == '-') || (m - 3 >= p && s[m - 3] == '-' && s[m - 2] == '-' && s[m - 1] == '!'))
            {
                return m + 1;
            }
        }
        return s.Length;
    }

    private static int BogusCommentEnd(string s, int p)
    {
        var m = s.IndexOf('>', p);
        return m < 0 ? s.Length : m + 1;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}
