using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Baqylau.Web.Components.Shared;

/// <summary>
/// Keeps an editor's form in the browser (localStorage, through wwwroot/js/statement-autosave.js), so a dropped
/// connection, a reload or a closed tab loses nothing typed. The script also patches the text fields straight from
/// the page while the circuit is gone; after a reload the editor is offered the copy when it differs from the server's.
/// Both editors (statements, incidents) keep their drafts through this one class.
/// </summary>
/// <param name="dispatch">The component's InvokeAsync: a kept copy is written on the circuit's dispatcher.</param>
/// <param name="current">The form and the server version it is based on, as they are when a copy is written.</param>
public sealed class DraftKeeper<TForm>(IJSRuntime js, Func<Func<Task>, Task> dispatch, Func<(TForm? Form, uint? Version)> current)
    : IAsyncDisposable
    where TForm : EditorForm<TForm>
{
    /// <summary>A pause in typing before the whole form crosses the connection, rather than on every key.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    private IJSObjectReference? module;
    private CancellationTokenSource? later;
    private string? key;

    /// <summary>A copy the browser has that the server does not, until the user restores or discards it.</summary>
    public LocalCopy<TForm>? Offer { get; private set; }

    /// <summary>
    /// Starts keeping the fields inside <paramref name="container"/> under <paramref name="storageKey"/> and looks for a
    /// copy worth offering: one that differs from the server's form and was based on its version, or written after it.
    /// </summary>
    /// <returns>True when there is a copy to offer (see <see cref="Offer"/>).</returns>
    public async Task<bool> AttachAsync(ElementReference container, string storageKey, TForm serverForm, uint? version, DateTimeOffset? updatedAt)
    {
        key = storageKey;
        Offer = null;
        try
        {
            module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/statement-autosave.js");
            await module.InvokeVoidAsync("attach", container, storageKey, version);
            var copy = EditorForms.ParseLocalCopy<TForm>(await module.InvokeAsync<string?>("load", storageKey));
            if (copy is not null && !copy.Form.Over(serverForm).SameAs(serverForm)
                && (updatedAt is null || copy.BaseVersion == version || copy.SavedAtTime > updatedAt))
            {
                Offer = copy;
                return true;
            }

            await KeepAsync();
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException)
        {
            // No localStorage (a locked-down browser): saving to the server still works.
        }

        return false;
    }

    /// <summary>The offered copy over the server's form; the copy is kept on from then on.</summary>
    public async Task<TForm?> RestoreAsync(TForm serverForm)
    {
        var restored = Offer?.Form.Over(serverForm);
        Offer = null;
        await KeepAsync();
        return restored;
    }

    /// <summary>Declines the offered copy: the form as the server has it is kept instead.</summary>
    public Task DiscardAsync()
    {
        Offer = null;
        return KeepAsync();
    }

    /// <summary>Writes the whole form now (nothing while a copy waits to be restored or discarded).</summary>
    public Task KeepAsync()
    {
        var (form, version) = current();
        return form is null || Offer is not null ? Task.CompletedTask : CallAsync("saveForm", key, form.ToJson(), version);
    }

    /// <summary>A keystroke: the browser script has kept it already; the whole form follows after a pause in typing.</summary>
    public void KeepLater()
    {
        later?.Cancel();
        later?.Dispose();
        later = new CancellationTokenSource();
        _ = Task.Delay(Pause, later.Token).ContinueWith(
            t => t.IsCanceled ? Task.CompletedTask : dispatch(KeepAsync), TaskScheduler.Default);
    }

    /// <summary>Text the user is leaving behind (another version kept, a revision restored), kept apart under a dated key.</summary>
    public Task KeepDiscardedAsync(TForm discarded) =>
        CallAsync("keep", $"{key}:discarded:{DateTime.UtcNow:yyyyMMddHHmmss}", discarded.ToJson());

    /// <summary>The draft is done (a new item was created and has its own key now).</summary>
    public Task ForgetAsync() => CallAsync("remove", key);

    public async ValueTask DisposeAsync()
    {
        later?.Cancel();
        later?.Dispose();
        if (module is null)
            return;
        try
        {
            await module.InvokeVoidAsync("detach", key);
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task CallAsync(string function, params object?[] args)
    {
        if (module is null || key is null)
            return;
        try
        {
            await module.InvokeVoidAsync(function, args);
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException)
        {
        }
    }
}
