using System.Globalization;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Tests.Platform;

/// <summary>Every Liquid render is bounded: loops, time, output and intermediate values, nesting; and refused cleanly.</summary>
public sealed class LiquidLimitsTests
{
    private static readonly Dictionary<string, object> NoValues = [];

    private static string Loops(int depth, int count, string body) =>
        string.Concat(Enumerable.Range(0, depth).Select(i => $"{{% for i{i} in (1..{count}) %}}")) + body + string.Concat(Enumerable.Repeat("{% endfor %}", depth));

    [Fact]
    public void Nested_loops_without_output_stop_at_the_time_limit()
    {
        // A billion empty iterations: each loop is within MaxIterations, the render timer ends it.
        var template = Loops(3, 1000, "");
        Assert.Equal(Texts.Format("en", "Valid.Liquid.TooSlow", LiquidRenderer.MaxTime.TotalSeconds), InEnglish(() => LiquidRenderer.Check(template)));
        Assert.Throws<LiquidLimitException>(() => LiquidRenderer.Render(template, NoValues, html: true));
    }

    [Fact]
    public void Nested_loops_with_output_stop_at_the_output_limit()
    {
        // Wide output per iteration, so the size limit comes well before the timer, however slow the machine.
        var error = InEnglish(() => LiquidRenderer.Check(Loops(3, 1000, new string('x', 2000))));
        Assert.Equal(Texts.Format("en", "Valid.Liquid.TooLarge", LiquidRenderer.MaxChars, LiquidRenderer.MaxItems), error);
    }

    [Fact]
    public void A_loop_over_more_items_than_allowed_is_refused()
    {
        var error = InEnglish(() => LiquidRenderer.Check("{% for i in (1..5000) %}{{ i }}{% endfor %}"));
        Assert.Equal(Texts.Format("en", "Valid.Liquid.TooManyIterations", LiquidRenderer.MaxIterations), error);
        Assert.Null(LiquidRenderer.Check("{% for i in (1..1000) %}{{ i }}{% endfor %}"));
        // A model's list is held to the same limit when the mail is rendered.
        var items = Enumerable.Range(0, 2000).Select(i => (IDictionary<string, object>)new Dictionary<string, object> { ["name"] = $"item {i}" }).ToList();
        Assert.Throws<LiquidLimitException>(() => LiquidRenderer.Render("{% for item in order.items %}{{ item.name }}{% endfor %}",
            new Dictionary<string, object> { ["order"] = new Dictionary<string, object> { ["items"] = items } }, html: false));
    }

    [Theory]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}")]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..60) %}{% assign s = s | prepend: s %}{% endfor %}")]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..60) %}{% assign s = s | plus: s %}{% endfor %}")]
    [InlineData("{% assign s = 'aaaa' %}{% for i in (1..60) %}{% assign s = s | replace: 'a', s %}{% endfor %}")]
    [InlineData("{% capture s %}ab{% endcapture %}{% for i in (1..60) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}")]
    [InlineData("{% assign s = 'abcdef' %}{% for i in (1..200) %}{% assign s = s | base64_encode %}{% endfor %}")]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..60) %}{% assign parts = s | split: '' %}{% assign s = parts | join: s %}{% endfor %}")]
    [InlineData("{{ 'abc' | times: 1000000000 }}")]
    [InlineData("{% capture s %}{% for i in (1..1000) %}a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,1,2,3,4,{% endfor %}{% endcapture %}{% assign a = s | split: ',' %}{% assign b = a | concat: a %}{{ b | size }}")]
    public void Values_that_keep_growing_stop_at_the_size_limit(string template)
    {
        var error = InEnglish(() => LiquidRenderer.Check(template));
        Assert.Equal(Texts.Format("en", "Valid.Liquid.TooLarge", LiquidRenderer.MaxChars, LiquidRenderer.MaxItems), error);
    }

    [Theory]
    [InlineData("{{ (1..1000000000) }}")]
    [InlineData("{{ (1..1000000000) | reverse | first }}")]
    [InlineData("{{ (1..1000000000) | sort | last }}")]
    [InlineData("{{ (1..1000000000) | size }}")]
    public void Huge_ranges_stop_at_the_iteration_limit_wherever_they_are_used(string template)
    {
        // DotLiquid counts a range's items against MaxIterations itself, not only in for loops.
        var error = InEnglish(() => LiquidRenderer.Check(template));
        Assert.Equal(Texts.Format("en", "Valid.Liquid.TooManyIterations", LiquidRenderer.MaxIterations), error);
    }

    [Fact]
    public void Deeply_nested_tags_are_refused_before_they_are_parsed()
    {
        // About 4,000 nested ifs overflow a thread-pool thread's stack in DotLiquid's parser, which ends the process.
        var template = string.Concat(Enumerable.Repeat("{%if true%}", 10_000)) + "x" + string.Concat(Enumerable.Repeat("{%endif%}", 10_000));
        var error = InEnglish(() => LiquidRenderer.Check(template));
        Assert.Equal(Texts.Format("en", "Valid.Liquid.TooDeep", LiquidRenderer.MaxNesting), error);
        Assert.Null(LiquidRenderer.Check(string.Concat(Enumerable.Repeat("{% if true %}", 10)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 10))));
    }

    [Fact]
    public void Tablerow_is_refused()
    {
        var error = InEnglish(() => LiquidRenderer.Check("{% tablerow i in (1..100000000) %}{{ i }}{% endtablerow %}"));
        Assert.Contains("tablerow", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_takes_its_pattern_literally()
    {
        Assert.Equal("a-b.c", LiquidRenderer.Render("{{ 'a.b.c' | replace_first: '.', '-' }}", NoValues, false));
        Assert.Equal("a-b-c", LiquidRenderer.Render("{{ 'a.b.c' | replace: '.', '-' }}", NoValues, false));
        // Was a regular expression in DotLiquid's 2.0 syntax: a template could run a catastrophic one.
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", LiquidRenderer.Render("{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' | replace: '(a+)+$', '' }}", NoValues, false));
        Assert.Equal("ac", LiquidRenderer.Render("{{ 'abc' | remove_first: 'b' }}", NoValues, false));
    }

    [Fact]
    public void Ordinary_templates_render_as_before()
    {
        var model = new Dictionary<string, object>
        {
            ["customer"] = new Dictionary<string, object> { ["name"] = "Anna <b>" },
            ["order"] = new Dictionary<string, object>
            {
                ["number"] = "1001",
                ["items"] = new List<IDictionary<string, object>> { new Dictionary<string, object> { ["name"] = "Shoes", ["quantity"] = 2 } },
            },
        };
        const string template = "{% capture greeting %}Hello {{ customer.name }}{% endcapture %}{{ greeting | append: '!' }} " +
                                "{% for item in order.items %}{{ item.quantity }}× {{ item.name | upcase }}{% endfor %} {{ order.items | map: 'name' | join: ', ' }} #{{ order.number | prepend: 'N' }}";
        Assert.Equal("Hello Anna &lt;b&gt;! 2× SHOES Shoes #N1001", LiquidRenderer.Render(template, model, html: true));
        Assert.Null(LiquidRenderer.Check(template));
    }

    [Fact]
    public void Limit_messages_speak_the_ui_language()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru");
        try
        {
            Assert.Equal(Texts.Format("ru", "Valid.Liquid.TooManyIterations", LiquidRenderer.MaxIterations),
                LiquidRenderer.Check("{% for i in (1..5000) %}{% endfor %}"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string? InEnglish(Func<string?> check)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return check();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
