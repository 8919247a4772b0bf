using AngleSharp.Html.Parser;
using Touchpoint.Platform.Text;

namespace Touchpoint.Tests.Platform;

/// <summary>What an agent writes in the composer: Markdown to sanitized HTML for the mail and the thread, and a readable text part.</summary>
public sealed class MessageMarkdownTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void Bold_italics_lists_links_and_code_become_html_and_readable_text()
    {
        var (html, text) = SafeHtml.FromMessageMarkdown(
            "Dzień dobry,\nparcel **ZK-1042** is *on its way*.\n\n- track it [here](https://track.example/ZK-1042)\n- or call us\n\n1. first\n2. second\n\nUse code `WELCOME10` at https://shop.example");

        var body = Parser.ParseDocument("<!doctype html><body>" + html).Body!;
        Assert.Equal("ZK-1042", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("on its way", body.QuerySelector("em")!.TextContent);
        Assert.Equal(2, body.QuerySelectorAll("ul > li").Length);
        Assert.Equal(2, body.QuerySelectorAll("ol > li").Length);
        Assert.Equal("WELCOME10", body.QuerySelector("code")!.TextContent);
        var link = body.QuerySelector("a[href='https://track.example/ZK-1042']")!;
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
        // A line break the agent typed stays a line break.
        Assert.NotNull(body.QuerySelector("p > br"));

        Assert.Equal(
            "Dzień dobry,\nparcel ZK-1042 is on its way.\n\n- track it here (https://track.example/ZK-1042)\n- or call us\n\n1. first\n2. second\n\nUse code WELCOME10 at https://shop.example",
            text);
    }

    [Fact]
    public void Plain_text_reads_as_it_was_typed()
    {
        var (_, text) = SafeHtml.FromMessageMarkdown("Hello Anna,\n\nyour order 1042 left today.\nRegards");
        Assert.Equal("Hello Anna,\n\nyour order 1042 left today.\nRegards", text);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("[click](  JaVaScRiPt:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("**<style>body{display:none}</style>**")]
    public void Script_and_html_injection_in_markdown_is_neutralized(string markdown)
    {
        var (html, text) = SafeHtml.FromMessageMarkdown("Hi " + markdown);
        var body = Parser.ParseDocument("<!doctype html><body>" + html).Body!;
        Assert.Empty(body.QuerySelectorAll("script, iframe, svg, style, img[onerror], object, embed"));
        Assert.DoesNotContain(body.QuerySelectorAll("*").SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(body.QuerySelectorAll("[href], [src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? ""),
            url => url.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || url.Trim().StartsWith("data:", StringComparison.OrdinalIgnoreCase));
        // The text part is text: nothing in it is markup a mail program would run.
        Assert.StartsWith("Hi", text, StringComparison.Ordinal);
    }
}
