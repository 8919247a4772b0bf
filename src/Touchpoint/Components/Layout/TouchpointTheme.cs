using MudBlazor;

namespace Touchpoint.Components.Layout;

public static class TouchpointTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4ed8",
            Secondary = "#0f766e",
            AppbarBackground = "#111827",
            AppbarText = "#f9fafb",
            Background = "#f4f5f7",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2330",
            // Every colour that text or a chip is drawn in passes WCAG AA (4.5:1) on white and on the page's grey, also as
            // the tinted text variants (axe-core in AccessibilityTests): MudBlazor's defaults (green #00c853, grey 54 %) do not.
            TextSecondary = "#4b5563",
            Success = "#166534",
            Info = "#0369a1",
            Error = "#b91c1c",
            Warning = "#9a3412",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", AppbarHeight = "52px" },
    };
}
