using MudBlazor;

namespace Touchpoint.Components.Layout;

public static class TouchpointTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2563eb",
            Secondary = "#0f766e",
            AppbarBackground = "#111827",
            AppbarText = "#f9fafb",
            Background = "#f4f5f7",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2330",
            Warning = "#b45309",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", AppbarHeight = "52px" },
    };
}
