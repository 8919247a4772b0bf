using Touchpoint.Components.Kit;

namespace Touchpoint.Tests.Platform;

public sealed class SearchTextTests
{
    [Fact]
    public void The_echo_of_its_own_search_keeps_what_was_typed_since()
    {
        var box = new SearchText();
        box.Arrived("probe");
        Assert.Equal("probe", box.Text);

        // Cleared: the search for "everyone" is asked; the person types on before the address comes back.
        box.Text = "";
        Assert.True(box.DiffersFrom("probe"));
        Assert.Null(box.Ask());
        box.Text = "anna@exa";
        box.Arrived(null);
        Assert.Equal("anna@exa", box.Text);

        box.Text = "  anna@example.pl ";
        Assert.True(box.DiffersFrom(null));
        Assert.Equal("anna@example.pl", box.Ask());
        box.Arrived("anna@example.pl");
        Assert.Equal("  anna@example.pl ", box.Text);
        Assert.False(box.DiffersFrom("anna@example.pl"));
    }

    [Fact]
    public void An_address_from_elsewhere_sets_the_text()
    {
        var box = new SearchText { Text = "typed, not searched" };
        box.Arrived("from a link");
        Assert.Equal("from a link", box.Text);

        // After the echo arrived, the same address again (the back button) is no longer ours: it sets the text.
        box.Text = "anna";
        box.Ask();
        box.Arrived("anna");
        box.Text = "anna nowak";
        box.Arrived("anna");
        Assert.Equal("anna", box.Text);

        // Another search than the one asked for (a link clicked meanwhile) wins over the typed text.
        box.Text = "piotr";
        box.Ask();
        box.Arrived("ewa");
        Assert.Equal("ewa", box.Text);
    }
}
