using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Touchpoint.Platform.Localization.Resources;
using Touchpoint.Platform.Web;

namespace Touchpoint.Components.Kit;

/// <summary>
/// The base of every settings page and of the workspace pages that load and save: the load–validate–save cycle in one
/// place. <see cref="LoadAsync"/> runs when the page opens and after each save; <see cref="InScopeAsync{TService,T}"/>
/// runs a use case in its own scope with <see cref="WorkspaceComponent.Aborted"/>, so leaving the page stops its work;
/// <see cref="SaveAsync"/> clears a row's errors, saves, keeps the errors the use case gave (per row and field, shown
/// beside the field through <see cref="Errors"/>) or says "Saved." and loads again.
/// </summary>
public abstract class SettingsEditor : WorkspaceComponent
{
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    [Inject] private ISnackbar Toasts { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> Ui { get; set; } = default!;

    /// <summary>The field errors of the last save, per row ("" for a page with one form).</summary>
    protected FieldErrors Errors { get; } = new();

    protected override Task OnInitializedAsync() => LoadAsync();

    /// <summary>Reads what the page shows; called when it opens and after every successful save.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/> with a <typeparamref name="TService"/> of a scope of its own, until the page is left.</summary>
    protected async Task<T> InScopeAsync<TService, T>(Func<TService, CancellationToken, Task<T>> work) where TService : notnull
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>(), Aborted);
    }

    /// <summary>Runs <paramref name="work"/> with a <typeparamref name="TService"/> of a scope of its own, until the page is left.</summary>
    protected async Task InScopeAsync<TService>(Func<TService, CancellationToken, Task> work) where TService : notnull
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>(), Aborted);
    }

    /// <summary>Whoever is signed in on this page.</summary>
    protected async Task<ClaimsPrincipal> UserAsync() => (await Authentication.GetAuthenticationStateAsync()).User;

    /// <summary>How history records the person saving (<c>user:anna@shop.test</c>).</summary>
    protected async Task<string> ActorAsync() => Actors.Describe(await UserAsync());

    /// <summary>
    /// The cycle: clears <paramref name="row"/>'s errors, runs <paramref name="save"/>; its errors (none or an empty set
    /// when saved) stay on the row and nothing else happens, or the page says <paramref name="savedText"/> ("Saved." by
    /// default) and loads again. True when saved.
    /// </summary>
    protected async Task<bool> SaveAsync(string row, Func<CancellationToken, Task<IDictionary<string, string[]>?>> save, string? savedText = null)
    {
        Errors.Clear(row);
        var errors = await save(Aborted);
        if (errors is { Count: > 0 })
        {
            Errors.Set(row, errors);
            return false;
        }
        Toasts.Add(savedText ?? Ui["Ui.Saved"], Severity.Success);
        await LoadAsync();
        return true;
    }

    /// <summary>A short notice in the page's corner (a refusal, "deleted").</summary>
    protected void Notice(string text, Severity severity = Severity.Info) => Toasts.Add(text, severity);
}

/// <summary>Field errors per row of a settings page: a field's messages joined for its helper text, null when it has none.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, IDictionary<string, string[]>> _rows = new(StringComparer.Ordinal);

    /// <summary>The messages of <paramref name="field"/> on <paramref name="row"/>, or null.</summary>
    public string? this[string row, string field] =>
        _rows.TryGetValue(row, out var errors) && errors.TryGetValue(field, out var list) && list.Length > 0 ? string.Join(" ", list) : null;

    /// <summary>The messages of <paramref name="field"/> on the page's one form, or null.</summary>
    public string? Of(string field) => this["", field];

    /// <summary>The first message of <paramref name="field"/> or of a field under it (<c>schedule</c> for <c>schedule.monday</c>), or null.</summary>
    public string? Under(string field, string row = "") =>
        _rows.TryGetValue(row, out var errors)
            ? errors.FirstOrDefault(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal)).Value?.FirstOrDefault()
            : null;

    /// <summary>Whether any row has an error.</summary>
    public bool Any => _rows.Count > 0;

    public void Set(string row, IDictionary<string, string[]> errors)
    {
        if (errors.Count == 0)
        {
            _rows.Remove(row);
        }
        else
        {
            _rows[row] = errors;
        }
    }

    public void Clear(string row) => _rows.Remove(row);

    public void ClearAll() => _rows.Clear();
}
