using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Platform.Text;

/// <summary>HTML ready to put in a page, and whether the message it came from has images on other servers.</summary>
public sealed record DisplayHtml(string Html, bool HasRemoteImages);

/// <summary>
/// Every piece of HTML that came from outside (email bodies, Markdown written by staff) passes here before it is
/// stored for display: scripts, event handlers, forms, frames and style blocks are removed; links open safely; styles
/// can neither fetch anything (no <c>url()</c>) nor lift an element out of its box (no positioning). Mail HTML is
/// then shown through <see cref="ForDisplay"/>, which builds the final HTML in a DOM.
/// </summary>
public static partial class SafeHtml
{
    /// <summary>Markdig's own default, stated here because validation quotes it.</summary>
    public const int MaxMarkdownNesting = 128;

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder { MaximumNestingDepth = MaxMarkdownNesting }
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    /// <summary>
    /// What agents write in replies and notes: the same Markdown (raw HTML shown as text), and a line break is a line
    /// break, as in every mail program's box — a reply typed without any Markdown reads as it was typed.
    /// </summary>
    private static readonly MarkdownPipeline MessageMarkdown = new MarkdownPipelineBuilder { MaximumNestingDepth = MaxMarkdownNesting }
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .DisableHtml()
        .Build();

    /// <summary>
    /// CSS properties that move an element relative to the page or stack it over others: with them a message can lay a
    /// full-screen fake login form or button over the agent workspace.
    /// </summary>
    private static readonly string[] Positioning =
    [
        "position", "z-index", "top", "right", "bottom", "left", "inset", "inset-block", "inset-inline",
        "transform", "transform-origin", "transform-style", "translate", "rotate", "scale", "perspective", "perspective-origin",
    ];

    /// <summary>
    /// CSS values that make the browser fetch something: <c>url()</c> (also in HtmlSanitizer's spelling with small-capital
    /// R and L, which it treats as url), and the image functions that take a bare string URL, which HtmlSanitizer does
    /// not check. A declaration with one is dropped whole, whatever the scheme: remote ones would track the reader,
    /// <c>cid:</c> ones would need CSS rewriting at display, and no mail needs a background image to be read.
    /// </summary>
    [GeneratedRegex(@"[<>]|[Uu][Rr\u0280][Ll\u029F]\s*\(|(?:image-set|image|cross-fade|element|src|paint)\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FetchingCss();

    // HtmlSanitizer is thread-safe for Sanitize once configured. Declared after Positioning, which Create reads.
    private static readonly HtmlSanitizer Sanitizer = Create();

    private static HtmlSanitizer Create()
    {
        var s = new HtmlSanitizer();
        // Inline images of an email point at their MIME part by Content-ID; ForDisplay resolves them to attachment links.
        s.AllowedSchemes.Add("cid");
        s.AllowedSchemes.Add("mailto");
        s.AllowedAttributes.Remove("id");
        s.AllowedTags.Remove("form");
        s.AllowedTags.Remove("input");
        s.AllowedTags.Remove("button");
        s.AllowedTags.Remove("textarea");
        s.AllowedTags.Remove("select");
        s.AllowedTags.Remove("option");
        foreach (var property in Positioning)
        {
            s.AllowedCssProperties.Remove(property);
        }
        s.DisallowCssPropertyValue = FetchingCss();
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { TagName: "A" } a)
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
                a.SetAttribute("target", "_blank");
            }
        };
        return s;
    }

    /// <summary>Sanitized HTML, safe to render inside an agent page or a public page.</summary>
    public static string Sanitize(string html) =>
        string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(HtmlDepth.Limit(html)).Trim();

    /// <summary>
    /// The stored HTML of a message as the agent sees it, built in a DOM (attributes are set, never spliced as text):
    /// sanitized once more, so HTML stored under older rules gets today's; <c>cid:</c> images that name one of
    /// <paramref name="inlineImages"/> (Content-ID → URL) point at it; images on other servers load only when
    /// <paramref name="allowRemoteImages"/>, and then without a referrer; every other image source (a cid of another
    /// message, a relative or odd URL that would make the agent's browser call this application) is removed.
    /// </summary>
    public static DisplayHtml ForDisplay(string? html, IReadOnlyDictionary<string, string> inlineImages, bool allowRemoteImages)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return new DisplayHtml("", false);
        }
        using var document = Sanitizer.SanitizeDom(HtmlDepth.Limit(html));
        if (document.Body is not { } body)
        {
            return new DisplayHtml("", false);
        }
        var remote = false;
        foreach (var image in body.QuerySelectorAll("img"))
        {
            image.RemoveAttribute("srcset");
            var source = image.GetAttribute("src")?.Trim();
            if (source is null)
            {
                continue;
            }
            if (source.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                // RFC 2392: the cid URL is the Content-ID with URL escapes.
                var id = source[4..];
                if (inlineImages.TryGetValue(id, out var url) || inlineImages.TryGetValue(Uri.UnescapeDataString(id), out url))
                {
                    image.SetAttribute("src", url);
                }
                else
                {
                    image.RemoveAttribute("src");
                }
            }
            else if (IsRemote(source))
            {
                remote = true;
                if (allowRemoteImages)
                {
                    image.SetAttribute("referrerpolicy", "no-referrer");
                }
                else
                {
                    image.RemoveAttribute("src");
                    image.SetAttribute("data-blocked", "remote");
                }
            }
            else
            {
                image.RemoveAttribute("src");
            }
        }
        return new DisplayHtml(body.ChildNodes.ToHtml(HtmlSanitizer.DefaultOutputFormatter).Trim(), remote);
    }

    // Only these exact forms count as remote; anything else ("\\host", tabs inside the scheme …) is removed above.
    private static bool IsRemote(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("//", StringComparison.Ordinal);

    /// <summary>Whether Markdown can be rendered: Markdig refuses input nested deeper than <see cref="MaxMarkdownNesting"/>.</summary>
    public static bool CanRenderMarkdown(string markdown) => TryMarkdown(markdown, out _);

    /// <summary>
    /// Markdown (raw HTML in it is shown as text) to sanitized HTML. Markdown that cannot be rendered (stored before it
    /// was checked) gives a short notice in <paramref name="language"/> (the reader's, else the current UI language)
    /// instead of an error page.
    /// </summary>
    public static string FromMarkdown(string markdown, string? language = null) =>
        TryMarkdown(markdown, out var html)
            ? Sanitize(html)
            : FromText(language is null ? Texts.Ui("Ui.Markdown.TooDeep") : Texts.Get(language, "Ui.Markdown.TooDeep"));

    /// <summary>
    /// An agent's reply or note: its Markdown (bold, italics, lists, links, code) as sanitized HTML for the mail's HTML
    /// part and the thread, and as readable plain text for the text part, search and the checks that read replies.
    /// </summary>
    public static (string Html, string Text) FromMessageMarkdown(string markdown)
    {
        var html = TryMarkdown(markdown, out var rendered, MessageMarkdown) ? Sanitize(rendered) : FromText(markdown);
        var text = ToText(html);
        return (html, text.Length == 0 ? markdown.Trim() : text);
    }

    /// <summary>
    /// HTML (already sanitized) as plain text people read in a mail's text part: paragraphs apart, lists with "-" or
    /// their numbers, a link as its words and its address, code as it is, emphasis without markers.
    /// </summary>
    public static string ToText(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<!doctype html><body>" + html + "</body>");
        var text = new System.Text.StringBuilder();
        Write(document.Body!, text, "");
        var joined = TrailingSpaces().Replace(text.ToString(), "\n");
        return BlankLines().Replace(joined, "\n\n").Trim();
    }

    private static void Write(INode node, System.Text.StringBuilder text, string indent)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    var data = t.Data.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
                    // At the start of a line (after a break, a marker's indent) the markup's own line breaks are no words.
                    text.Append(AtLineStart(text) ? data.TrimStart() : data);
                    break;
                case IElement e:
                    switch (e.LocalName)
                    {
                        case "br":
                            text.Append('\n').Append(indent);
                            break;
                        case "p" or "div" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "blockquote" or "table" or "tr":
                            Block(text, indent);
                            Write(e, text, indent);
                            Block(text, indent);
                            break;
                        case "ul" or "ol":
                            Block(text, indent);
                            var n = int.TryParse(e.GetAttribute("start"), out var start) ? start : 1;
                            foreach (var item in e.Children.Where(c => c.LocalName == "li"))
                            {
                                var marker = e.LocalName == "ol" ? $"{n++}. " : "- ";
                                text.Append('\n').Append(indent).Append(marker);
                                WriteItem(item, text, indent + new string(' ', marker.Length));
                            }
                            Block(text, indent);
                            break;
                        case "pre":
                            Block(text, indent);
                            text.Append(e.TextContent.TrimEnd('\n').Replace("\n", "\n" + indent, StringComparison.Ordinal));
                            Block(text, indent);
                            break;
                        case "hr":
                            Block(text, indent);
                            text.Append("----");
                            Block(text, indent);
                            break;
                        case "img":
                            text.Append(e.GetAttribute("alt"));
                            break;
                        case "a":
                            var before = text.Length;
                            Write(e, text, indent);
                            var words = text.ToString(before, text.Length - before).Trim();
                            var href = e.GetAttribute("href");
                            if (!string.IsNullOrEmpty(href))
                            {
                                var address = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href[7..] : href;
                                if (!string.Equals(words, address, StringComparison.OrdinalIgnoreCase))
                                {
                                    text.Append(" (").Append(address).Append(')');
                                }
                            }
                            break;
                        default:
                            Write(e, text, indent);
                            break;
                    }
                    break;
            }
        }
    }

    /// <summary>A list item: its paragraphs on following lines under the marker, not as blocks apart.</summary>
    private static void WriteItem(IElement item, System.Text.StringBuilder text, string indent)
    {
        var first = true;
        foreach (var child in item.ChildNodes)
        {
            if (child is IElement { LocalName: "p" } p)
            {
                if (!first)
                {
                    text.Append('\n').Append(indent);
                }
                Write(p, text, indent);
                first = false;
                continue;
            }
            var wrapper = item.Owner!.CreateElement("span");
            wrapper.AppendChild(child.Clone());
            Write(wrapper, text, indent);
            first = false;
        }
    }

    private static bool AtLineStart(System.Text.StringBuilder text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '\n')
            {
                return true;
            }
            if (text[i] != ' ')
            {
                return false;
            }
        }
        return true;
    }

    private static void Block(System.Text.StringBuilder text, string indent)
    {
        if (text.Length > 0)
        {
            text.Append("\n\n").Append(indent);
        }
    }

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex TrailingSpaces();

    [GeneratedRegex(@"\n(?:[ \t]*\n){2,}")]
    private static partial Regex BlankLines();

    private static bool TryMarkdown(string markdown, out string html, MarkdownPipeline? pipeline = null)
    {
        try
        {
            html = Markdig.Markdown.ToHtml(markdown ?? "", pipeline ?? Markdown);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InsufficientExecutionStackException)
        {
            // "Markdown elements in the input are too deeply nested": the only way Markdig refuses text.
            html = "";
            return false;
        }
    }

    /// <summary>Plain text as HTML paragraphs, every character encoded.</summary>
    public static string FromText(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(paragraphs.Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p.Trim('\n')).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"));
    }
}
