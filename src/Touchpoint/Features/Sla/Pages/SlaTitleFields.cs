using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Sla.Pages;

/// <summary>The per-language title fields of the SLA editors, as the form shows them and as the API takes them.</summary>
internal static class SlaTitleFields
{
    /// <summary>The title fields as the API takes them: null when all are blank (the name is shown), else the languages filled in.</summary>
    public static Dictionary<string, string?>? Request(Dictionary<string, string?> titles) =>
        titles.Values.All(string.IsNullOrWhiteSpace) ? null : titles.Where(t => !string.IsNullOrWhiteSpace(t.Value)).ToDictionary(t => t.Key, t => t.Value);

    public static Dictionary<string, string?> Fields(LocalizedText? title) =>
        Languages.Supported.ToDictionary(l => l, l => title?.Exact(l));
}
