namespace Touchpoint.Components.Kit;

/// <summary>
/// What a list page's search box holds, kept apart from the search in the address (<c>?q=</c>). A search is run by
/// navigating, and the page hears of the new address a round trip later; by then the person may have cleared the box
/// and typed on. The address's value replaces the text only when it is not the echo of the box's own last search, so
/// that echo never overwrites (and the field never loses) what was typed meanwhile; the back button, a link or a
/// bookmark still set the text.
/// </summary>
public sealed class SearchText
{
    private string? _asked;
    private bool _waiting;

    /// <summary>What the box holds (bound to <see cref="SearchBox"/>).</summary>
    public string? Text { get; set; }

    /// <summary>Whether the text differs from the search the address holds.</summary>
    public bool DiffersFrom(string? inAddress) => Normalize(Text) != Normalize(inAddress);

    /// <summary>The text to put in the address for a search (trimmed, null when empty), remembered as asked.</summary>
    public string? Ask()
    {
        _asked = Normalize(Text);
        _waiting = true;
        return _asked;
    }

    /// <summary>The address changed (the page's parameters were set): take its search unless it is our own echo.</summary>
    public void Arrived(string? inAddress)
    {
        if (!_waiting || Normalize(inAddress) != _asked)
        {
            Text = inAddress;
        }
        _waiting = false;
    }

    private static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
