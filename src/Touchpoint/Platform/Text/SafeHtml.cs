using Ganss.Xss;
using Markdig;

namespace Touchpoint.Platform.Text;

/// <summary>
/// Every piece of HTML that came from outside (email bodies, Markdown written by staff) passes here before it is
/// stored for display: scripts, event handlers, forms, frames and style blocks are removed; links open safely.
/// </summary>
public static class SafeHtml
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    // HtmlSanitizer is thread-safe for Sanitize once configured.
    private static readonly HtmlSanitizer Sanitizer = Create();

    private static HtmlSanitizer Create()
    {
        var s = new HtmlSanitizer();
        // Inline images of an email point at their MIME part by Content-ID; the UI rewrites them to attachment links.
        s.AllowedSchemes.Add("cid");
        s.AllowedSchemes.Add("mailto");
        s.AllowedAttributes.Remove("id");
        s.AllowedTags.Remove("form");
        s.AllowedTags.Remove("input");
        s.AllowedTags.Remove("button");
        s.AllowedTags.Remove("textarea");
        s.AllowedTags.Remove("select");
        s.AllowedTags.Remove("option");
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a)
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
                a.SetAttribute("target", "_blank");
            }
        };
        return s;
    }

    /// <summary>Sanitized HTML, safe to render inside an agent page or a public page.</summary>
    public static string Sanitize(string html) => string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(html).Trim();

    /// <summary>Markdown (raw HTML in it is shown as text) to sanitized HTML.</summary>
    public static string FromMarkdown(string markdown) => Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", Markdown));

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
