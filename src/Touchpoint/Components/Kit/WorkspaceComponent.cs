using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Touchpoint.Components.Kit;

/// <summary>
/// The base of workspace pages that change on their own (feed events, timers, other instances' changes) and of the
/// settings editors. A render triggered from outside the circuit — an event raised by another request, a timer — runs
/// with that thread's culture, so a Russian page would come back in English; <see cref="OnBackgroundAsync"/> renders in
/// the reader's culture, captured when the component was made inside the reader's circuit. <see cref="Aborted"/> ends
/// the page's work when the reader leaves it.
/// </summary>
public abstract class WorkspaceComponent : ComponentBase, IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly CancellationTokenSource _gone = new();

    /// <summary>Cancelled when the page is left (the circuit disposes it): pass it to every query and save of the page.</summary>
    protected CancellationToken Aborted => _gone.Token;

    /// <summary>Runs <paramref name="work"/> on the page's dispatcher in the reader's culture, then renders.</summary>
    protected Task OnBackgroundAsync(Func<Task> work) => InvokeAsync(async () =>
    {
        if (_gone.IsCancellationRequested)
        {
            return;
        }
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        try
        {
            await work();
            StateHasChanged();
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested)
        {
            // The page was left while it reloaded.
        }
    });

    protected virtual void OnDispose()
    {
    }

    public void Dispose()
    {
        OnDispose();
        _gone.Cancel();
        _gone.Dispose();
        GC.SuppressFinalize(this);
    }
}
