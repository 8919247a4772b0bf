using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Text;

namespace Touchpoint.Tests.Platform;

/// <summary>How mail HTML is made safe: sanitizing (styles), the display transform (cid, remote images) and the nesting cap.</summary>
public sealed class SafeHtmlTests
{
    private static readonly HtmlParser Parser = new();
    private static readonly Dictionary<string, string> NoImages = [];

    private static IDocument Dom(string html) => Parser.ParseDocument("<!doctype html><body>" + html);

    /// <summary>Every attribute of every element, as a browser would read the HTML.</summary>
    private static List<(string Element, string Name, string Value)> Attributes(string html) =>
        Dom(html).Body!.QuerySelectorAll("*").SelectMany(e => e.Attributes.Select(a => (e.LocalName, a.Name, a.Value))).ToList();

    private static void AssertNoEventHandler(string html) =>
        Assert.DoesNotContain(Attributes(html), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));

    private static int MaxDepth(string html)
    {
        var max = 0;
        var stack = new Stack<(INode Node, int Depth)>();
        stack.Push((Dom(html).DocumentElement, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            max = Math.Max(max, depth);
            foreach (var child in node.ChildNodes.OfType<IElement>())
            {
                stack.Push((child, depth + 1));
            }
        }
        return max;
    }

    // ---- cid: images ----

    [Fact]
    public void A_quote_in_a_content_id_cannot_make_an_attribute()
    {
        // The stored HTML names cid:X; an attachment stored under the Content-ID <X"> used to be spliced in by text,
        // eating the closing quote of src and turning the alt text into attributes.
        var stored = SafeHtml.Sanitize("<p>Photo:</p><img src=\"cid:X\" alt=\"x onerror=window.__xss=1 y=\">");
        var shown = SafeHtml.ForDisplay(stored, new Dictionary<string, string> { ["X\""] = "/api/v1/conversations/1/attachments/a" }, allowRemoteImages: false);
        AssertNoEventHandler(shown.Html);
        var image = Dom(shown.Html).QuerySelector("img")!;
        Assert.Null(image.GetAttribute("src"));
        Assert.Equal("x onerror=window.__xss=1 y=", image.GetAttribute("alt"));
    }

    [Fact]
    public void A_mapped_url_with_quotes_stays_one_attribute_value()
    {
        var shown = SafeHtml.ForDisplay("<img src=\"cid:a@x\" alt=\"p\">", new Dictionary<string, string> { ["a@x"] = "/att?q=\"><img src=x onerror=alert(1)>" }, false);
        AssertNoEventHandler(shown.Html);
        Assert.Single(Dom(shown.Html).QuerySelectorAll("img"));
        Assert.Equal("/att?q=\"><img src=x onerror=alert(1)>", Dom(shown.Html).QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void Only_the_messages_own_content_ids_resolve()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["photo1@corpus.test"] = "/att/1", ["a b@x"] = "/att/2" };
        var shown = SafeHtml.ForDisplay(
            "<img src=\"cid:photo1@corpus.test\"><img src=\"cid:other@corpus.test\"><img src=\"CID:PHOTO1@corpus.test\"><img src=\"cid:a%20b@x\">", map, false);
        var sources = Dom(shown.Html).QuerySelectorAll("img").Select(i => i.GetAttribute("src")).ToList();
        Assert.Equal(["/att/1", null, "/att/1", "/att/2"], sources);
        Assert.False(shown.HasRemoteImages);
    }

    // ---- remote content ----

    [Theory]
    [InlineData("https://tracker.example/p.gif?u=agent")]
    [InlineData("http://tracker.example/p.gif")]
    [InlineData("//tracker.example/p.gif")]
    public void Remote_images_load_only_when_the_agent_allows_them(string url)
    {
        var stored = SafeHtml.Sanitize($"<p>Hi</p><img src=\"{url}\" alt=\"logo\" width=\"1\" height=\"1\">");
        Assert.Contains(url, stored, StringComparison.Ordinal); // kept in storage, so "show images" can work

        var blocked = SafeHtml.ForDisplay(stored, NoImages, allowRemoteImages: false);
        Assert.True(blocked.HasRemoteImages);
        Assert.DoesNotContain("tracker.example", blocked.Html, StringComparison.Ordinal);
        var image = Dom(blocked.Html).QuerySelector("img")!;
        Assert.Null(image.GetAttribute("src"));
        Assert.Equal("logo", image.GetAttribute("alt"));

        var allowed = SafeHtml.ForDisplay(stored, NoImages, allowRemoteImages: true);
        Assert.True(allowed.HasRemoteImages);
        var shown = Dom(allowed.Html).QuerySelector("img")!;
        Assert.Equal(url, shown.GetAttribute("src"));
        Assert.Equal("no-referrer", shown.GetAttribute("referrerpolicy"));
    }

    [Theory]
    [InlineData("/api/v1/conversations/1/attachments/x")]
    [InlineData("account/logout")]
    [InlineData("\\\\evil.example\\p.gif")]
    [InlineData("/\\evil.example/p.gif")]
    [InlineData("data:image/svg+xml,<svg onload=alert(1)>")]
    [InlineData("javascript:alert(1)")]
    public void Other_image_sources_are_removed_even_when_images_are_allowed(string source)
    {
        var shown = SafeHtml.ForDisplay($"<img src=\"{source.Replace("\"", "&quot;", StringComparison.Ordinal)}\">", NoImages, allowRemoteImages: true);
        Assert.Null(Dom(shown.Html).QuerySelector("img")!.GetAttribute("src"));
    }

    [Theory]
    [InlineData("background: url(https://tracker.example/p.gif)")]
    [InlineData("background-image: url('//tracker.example/p.gif')")]
    [InlineData("background-image: URL(cid:photo1@x)")]
    [InlineData("list-style-image: url(http://tracker.example/dot.png)")]
    [InlineData("background-image: image-set(\"https://tracker.example/p.gif\" 1x)")]
    [InlineData("background-image: -webkit-image-set(\"https://tracker.example/p.gif\" 1x)")]
    [InlineData("background: u\\72l(https://tracker.example/p.gif)")]
    [InlineData("cursor: url(https://tracker.example/c.cur), auto")]
    public void Css_that_fetches_anything_is_dropped(string style)
    {
        var stored = SafeHtml.Sanitize($"<p style=\"color: red; {style.Replace("\"", "&quot;", StringComparison.Ordinal)}\">Hi</p>");
        Assert.DoesNotContain("tracker.example", stored, StringComparison.Ordinal);
        var shown = SafeHtml.ForDisplay(stored, NoImages, allowRemoteImages: true).Html;
        Assert.DoesNotContain("tracker.example", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("color: rgba(255, 0, 0, 1)", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Positioning_that_could_cover_the_page_is_dropped()
    {
        var html = SafeHtml.Sanitize(
            "<div style=\"position: fixed; top: 0; left: 0; right: 0; bottom: 0; inset: 0; z-index: 99999; transform: translate(0, -500px); width: 100%; height: 100%; background-color: white\">" +
            "<p>Your session expired. <a href=\"https://phish.example/login\">Sign in</a></p></div>");
        var style = Dom(html).QuerySelector("div")!.GetAttribute("style") ?? "";
        foreach (var property in new[] { "position", "top", "left", "right", "bottom", "inset", "z-index", "transform" })
        {
            Assert.DoesNotContain(property + ":", style.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("width: 100%", style, StringComparison.Ordinal);
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_stored_under_older_rules_gets_todays_at_display()
    {
        // What the sanitizer used to let through, as it may sit in the database.
        const string stored = "<div style=\"position: fixed; z-index: 9999; background-image: url(http://tracker.example/p.gif)\">x</div><img src=\"x\" onerror=\"alert(1)\">";
        var shown = SafeHtml.ForDisplay(stored, NoImages, allowRemoteImages: true).Html;
        AssertNoEventHandler(shown);
        Assert.DoesNotMatch(@"(?<![-\w])(position|z-index)\s*:", shown);
        Assert.DoesNotContain("tracker.example", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_and_ordinary_formatting_survive_the_display()
    {
        var shown = SafeHtml.ForDisplay(SafeHtml.Sanitize("<p>Order <b>1042</b>: <a href=\"https://shop.example/t/1\">track</a></p><table><tr><td style=\"padding: 4px\">1</td></tr></table>"), NoImages, false);
        Assert.Contains("<b>1042</b>", shown.Html, StringComparison.Ordinal);
        var link = Dom(shown.Html).QuerySelector("a")!;
        Assert.Equal("https://shop.example/t/1", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Contains("padding: 4px", shown.Html, StringComparison.Ordinal);
        Assert.False(shown.HasRemoteImages);
    }

    // ---- nesting ----

    private static string Nested(int depth, string open = "<div>", string close = "</div>", string text = "deep text") =>
        string.Concat(Enumerable.Repeat(open, depth)) + text + string.Concat(Enumerable.Repeat(close, depth));

    [Fact]
    public void Fifty_thousand_nested_divs_are_flattened_and_keep_their_text()
    {
        var html = Nested(50_000);
        var limited = HtmlDepth.Limit(html);
        Assert.True(MaxDepth(limited) <= HtmlDepth.DefaultMax + 3, $"depth {MaxDepth(limited)}");

        var stored = SafeHtml.Sanitize(html);
        Assert.Contains("deep text", stored, StringComparison.Ordinal);
        Assert.True(MaxDepth(stored) <= HtmlDepth.DefaultMax + 3);
        Assert.Equal("deep text", InboundText.FromHtml(html));
        Assert.Contains("deep text", SafeHtml.ForDisplay(html, NoImages, false).Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<<div>div>")]          // a dropped tag must not join a '<' before it and the text behind into a new tag
    [InlineData("<!-->")]               // an empty comment ends at once; what follows is markup
    [InlineData("<a =\">\">")]          // '=' before a name starts the name, so this '>' ends the tag
    [InlineData("<span title='>'>")]    // a quoted '>' does not end the tag
    [InlineData("<div><b x>t</div>")]   // a formatting element closed on the way is reopened by the parser
    public void Tricks_cannot_hide_depth_from_the_cap(string unit)
    {
        var html = string.Concat(Enumerable.Repeat(unit, 20_000)) + "end";
        var depth = MaxDepth(HtmlDepth.Limit(html));
        Assert.True(depth <= HtmlDepth.DefaultMax + 8, $"depth {depth}");
    }

    [Fact]
    public void Html_within_the_cap_is_left_as_it_is()
    {
        var rows = "<table>" + string.Concat(Enumerable.Range(1, 400).Select(i => $"<tr><td>{i}</td><td><b>x</b></td></tr>")) + "</table>";
        Assert.Equal(rows, HtmlDepth.Limit(rows));
        var list = "<ul>" + string.Concat(Enumerable.Range(1, 600).Select(i => $"<li>item {i}")) + "</ul><p>one<p>two<div>three</div><!-- <div> -->";
        Assert.Equal(list, HtmlDepth.Limit(list));
        var nested = Nested(200, "<blockquote>", "</blockquote>");
        Assert.Equal(nested, HtmlDepth.Limit(nested));
    }

    // ---- Markdown ----

    [Fact]
    public void Markdown_nested_too_deeply_gives_a_notice_not_an_exception()
    {
        var markdown = string.Concat(Enumerable.Repeat("> ", 10_000)) + "quoted";
        Assert.False(SafeHtml.CanRenderMarkdown(markdown));
        Assert.Contains("nested too deeply", SafeHtml.FromMarkdown(markdown, "en"), StringComparison.Ordinal);
        Assert.Contains("вложены слишком глубоко", SafeHtml.FromMarkdown(markdown, "ru"), StringComparison.Ordinal);
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("pl");
        try
        {
            Assert.Contains("zbyt głęboko", SafeHtml.FromMarkdown(markdown), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Markdown_within_the_nesting_limit_renders()
    {
        var markdown = string.Concat(Enumerable.Repeat("> ", 20)) + "quoted";
        Assert.True(SafeHtml.CanRenderMarkdown(markdown));
        Assert.Equal(20, Dom(SafeHtml.FromMarkdown(markdown)).QuerySelectorAll("blockquote").Length);
    }
}
