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

    private static bool TryMarkdown(string markdown, out string html)
    {
        try
        {
            html = Markdig.Markdown.ToHtml(markdown ?? "", Markdown);
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
