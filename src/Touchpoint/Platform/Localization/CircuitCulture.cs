using System.Globalization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Touchpoint.Platform.Localization;

/// <summary>
/// Every activity a workspace tab sends (a click, a key, a JS callback) runs in the culture the tab was opened with:
/// the circuit remembers the reader's culture when it opens and sets it for each inbound activity, whichever thread
/// serves it. Renders started from outside the circuit go through <c>WorkspaceComponent.OnBackgroundAsync</c>.
/// </summary>
public sealed class CircuitCulture : CircuitHandler
{
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) => context =>
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        return next(context);
    };
}
