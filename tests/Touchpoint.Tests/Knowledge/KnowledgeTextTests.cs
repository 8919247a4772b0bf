using System.Text.RegularExpressions;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Text;

namespace Touchpoint.Tests.Knowledge;

/// <summary>Canned-reply rendering, Markdown sanitizing and the shipped defaults, without an app.</summary>
public sealed class KnowledgeTextTests
{
    private static readonly CannedModel Model = new("Anna Nowak", "anna@example.com", "1001", 1042, "Ewa", "Demo Store");

    [Fact]
    public void Placeholders_are_filled()
    {
        var text = CannedReplies.Render(
            "Hi {{ customer.name }} ({{ customer.email }}), order {{ order.number }}, case #{{ conversation.number }}. {{ agent.name }}, {{ store.name }}", Model);
        Assert.Equal("Hi Anna Nowak (anna@example.com), order 1001, case #1042. Ewa, Demo Store", text);
    }

    [Fact]
    public void A_missing_order_or_name_leaves_the_placeholder_empty()
    {
        var text = CannedReplies.Render("Order [{{ order.number }}] for [{{ customer.name }}]", Model with { OrderNumber = null, CustomerName = null });
        Assert.Equal("Order [] for []", text);
    }

    [Fact]
    public void Html_or_liquid_in_a_customer_name_is_not_interpreted()
    {
        var text = CannedReplies.Render("Hello {{ customer.name }}!", Model with { CustomerName = "<script>alert(1)</script>{{ store.name }}{% if true %}x{% endif %}" });
        // The reply is text: the name arrives exactly as typed, neither turned into markup nor parsed as a template.
        Assert.Equal("Hello <script>alert(1)</script>{{ store.name }}{% if true %}x{% endif %}!", text);
        Assert.DoesNotContain("Demo Store", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script> text")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("![img](javascript:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public void Markdown_never_lets_script_through(string markdown)
    {
        ActiveContent.AssertNone(SafeHtml.FromMarkdown(markdown));
    }

    [Fact]
    public void Markdown_keeps_structure_and_safe_links()
    {
        var html = SafeHtml.FromMarkdown("1. **Check** the [tracking page](/track)\n2. Reply");
        Assert.Contains("<ol>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Check</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/track\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_seeded_topic_has_a_default_procedure_in_every_language()
    {
        foreach (var language in Languages.Supported)
        {
            foreach (var topic in Topics.Seed)
            {
                var procedure = ProcedureBook.Default(topic.Key, language);
                Assert.True(procedure is not null, $"No default procedure for {topic.Key} in {language}");
                Assert.False(string.IsNullOrWhiteSpace(procedure.Title));
                Assert.Contains("<li>", procedure.Html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Seeded_canned_replies_and_articles_are_valid_in_every_language()
    {
        foreach (var language in Languages.Supported)
        {
            var canned = KnowledgeDefaults.CannedReplies(language);
            Assert.Equal(["where-is-my-order", "return-policy", "payment-received", "delay-apology"], canned.Select(c => c.Key));
            Assert.All(canned, c => Assert.Null(LiquidRenderer.Check(c.Body)));
            Assert.All(canned, c => Assert.Contains("{{ customer.name }}", c.Body, StringComparison.Ordinal));
            Assert.All(canned, c => Assert.Contains(c.Topic, Topics.Seed.Select(t => t.Key)));
            var articles = KnowledgeDefaults.Articles(language);
            Assert.Equal(["delivery-times", "track-your-order", "payment-methods", "returns", "complaints"], articles.Select(a => a.Key));
            Assert.All(articles, a => Assert.True(HelpArticles.IsValidSlug(a.Key)));
            Assert.Contains("(/track)", articles.Single(a => a.Key == "track-your-order").Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rendering_a_seeded_reply_fills_every_placeholder()
    {
        var body = KnowledgeDefaults.CannedReplies("ru").Single(c => c.Key == "delay-apology").Body;
        var text = CannedReplies.Render(body, Model with { CustomerName = "Ольга" });
        Assert.Contains("Здравствуйте, Ольга!", text, StringComparison.Ordinal);
        Assert.Contains("1001", text, StringComparison.Ordinal);
        Assert.Contains("№1042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gift_cards", true)]
    [InlineData("returns2", true)]
    [InlineData("Gift_cards", false)]
    [InlineData("gift-cards", false)]
    [InlineData("_gift", false)]
    [InlineData("gift__cards", false)]
    [InlineData("g", false)]
    public void Topic_keys_are_lower_snake_case(string key, bool valid) => Assert.Equal(valid, TopicAdmin.IsValidKey(key));
}

/// <summary>Checks rendered HTML for anything that could run: raw HTML in Markdown becomes encoded text (harmless, and
/// may still spell "javascript:"), so the checks look at real tags only.</summary>
internal static partial class ActiveContent
{
    [GeneratedRegex("<[a-z][^>]*\\s(href|src|action|formaction|xlink:href)\\s*=\\s*[\"']?\\s*(javascript|vbscript|data):", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrl();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex("<(script|iframe|object|embed|form|style)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveTag();

    public static void AssertNone(string html)
    {
        Assert.False(ActiveTag().IsMatch(html), html);
        Assert.False(ScriptUrl().IsMatch(html), html);
        Assert.False(EventHandler().IsMatch(html), html);
    }
}
