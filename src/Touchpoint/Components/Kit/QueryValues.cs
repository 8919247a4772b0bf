using System.Globalization;

namespace Touchpoint.Components.Kit;

/// <summary>
/// Query values of the workspace pages, read forgivingly: an address is typed, pasted and edited by people, so a value
/// that does not parse is ignored (the page shows its default) instead of failing the page. Pages take them as text
/// (<c>[SupplyParameterFromQuery] string?</c>): Blazor fails the whole render on a typed parameter that does not parse.
/// </summary>
public static class QueryValues
{
    /// <summary>No list is paged this far; a larger number only costs a query that finds nothing.</summary>
    public const int MaxPage = 100_000;

    /// <summary>A page number from 1 to <see cref="MaxPage"/>; 1 when absent or not a number.</summary>
    public static int Page(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? Math.Clamp(page, 1, MaxPage) : 1;

    /// <summary>On for <c>true</c>, <c>1</c> and <c>on</c>; anything else is off.</summary>
    public static bool Flag(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("on", StringComparison.OrdinalIgnoreCase));
}
