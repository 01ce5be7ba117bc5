using System.Globalization;
using Baqylau.Common;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Web.Accounts;
using Baqylau.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace Baqylau.Web.Statements.Workspace;

/// <summary>
/// The statement editor. What the user typed is never thrown away by the page: a failed save keeps the form,
/// a conflict shows both versions, and the browser keeps a copy of every change (see statement-autosave.js).
/// </summary>
public sealed partial class StatementEditor
{
    private static readonly TimeSpan ServerAutosaveInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LocalKeepDelay = TimeSpan.FromMilliseconds(400);

    private StaffUser user = new(Guid.Empty, null, []);
    private StatementEditModel? server;
    private StatementForm? form;
    private StatementForm serverForm = new();
    private StatementEditorOptions? options;
    private IReadOnlyList<RevisionInfo> revisions = [];
    private List<ValidationError> errors = [];
    private string? actionError;
    private string? loadError;
    private string? photoError;
    private string? savedNote;
    private LocalCopy? localOffer;
    private NamedRef? relatedPick;
    private Guid? newOrganisationId;
    private Guid? loadedId;
    private Guid? justCreatedId;
    private string activeLang = Cultures.Current;
    private string? scheduleText;
    private bool allowMissing;
    private bool updateSlugs;
    private bool busy;
    private bool uploading;
    private bool localChecked;
    private ElementReference container;
    private IJSObjectReference? module;
    private PeriodicTimer? autosaveTimer;
    private CancellationTokenSource? lifetime;
    private CancellationTokenSource? keepLater;

    [Parameter]
    public Guid? Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private StatementActions? actions => server?.Actions;

    private bool CanEditText => server is null ? Id is null : server.Actions.CanEdit;

    /// <summary>A plain save exists only while readers have not seen the text; afterwards a change is a correction.</summary>
    private bool CanPlainSave => server is null ? Id is null : server.Actions.CanEdit && !server.IsPublic;

    private bool Dirty => form is not null && !form.SameAs(serverForm);

    private string LocalKey => $"baqylau:statement:{user.UserId:N}:{(Id is { } id ? id.ToString("N") : "new")}";

    private string Headline =>
        form is null ? string.Empty
        : form.Get(activeLang, "Title") is { Length: > 0 } own ? own
        : Cultures.All.Select(l => form.Get(l, "Title")).FirstOrDefault(t => t.Length > 0) ?? W["Editor_NewStatement"];

    private IReadOnlyList<string> MissingLanguages =>
        form is null ? [] : [.. Cultures.All.Where(l => string.IsNullOrWhiteSpace(form.Get(l, "Title")))];

    private bool TitleChanged => form is not null && Cultures.All.Any(l => form.Get(l, "Title").Trim() != serverForm.Get(l, "Title").Trim());

    private string? ParityMessage
    {
        get
        {
            if (server is null || server.Parity.IsOk)
                return null;
            if (server.Parity.Missing.Count > 0)
                return string.Format(CultureInfo.CurrentCulture, W["Parity_MissingMessage"], string.Join(", ", server.Parity.Missing.Select(l => W[$"Lang_{l}"].Value)));
            return string.Format(CultureInfo.CurrentCulture, W["Parity_OutdatedMessage"], W[$"Lang_{server.Parity.Outdated}"]);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        user = (await AuthState).User.ToStaffUser();
        lifetime = new CancellationTokenSource();
        try
        {
            options = await Statements.OptionsAsync(user);
            newOrganisationId = user.OrganisationId ?? (options.Organisations.Count > 0 ? options.Organisations[0].Id : null);
        }
        catch (DomainException ex)
        {
            loadError = ex.ErrorKey;
        }

        _ = AutosaveLoopAsync(lifetime.Token);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loadError is not null && options is null)
            return;
        if (Id == loadedId && form is not null)
            return;
        loadedId = Id;
        localChecked = false;
        localOffer = null;
        errors = [];
        actionError = null;
        if (Id is not { } id)
        {
            server = null;
            serverForm = new StatementForm();
            form = new StatementForm();
            revisions = [];
            return;
        }

        try
        {
            var keepTyped = justCreatedId == id ? form : null;
            justCreatedId = null;
            await LoadAsync(id);
            if (keepTyped is not null)
                form = keepTyped;
        }
        catch (DomainException ex)
        {
            loadError = ex.ErrorKey;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (form is null || localChecked)
            return;
        localChecked = true;
        try
        {
            module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/statement-autosave.js");
            await module.InvokeVoidAsync("attach", container, LocalKey, server?.Version);
            var copy = LocalCopy.Parse(await module.InvokeAsync<string?>("load", LocalKey));
            if (copy is not null && !Merge(copy).SameAs(serverForm)
                && (server is null || copy.BaseVersion == server.Version || copy.SavedAtTime > server.UpdatedAt))
            {
                localOffer = copy;
                StateHasChanged();
            }
            else
            {
                await KeepLocallyAsync();
            }
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException)
        {
            // No localStorage (a locked-down browser): the server-side draft autosave still runs.
        }
    }

    private async Task LoadAsync(Guid id)
    {
        server = await Statements.GetAsync(user, id);
        serverForm = StatementForm.From(server);
        form = serverForm.Clone();
        revisions = await History.RevisionsAsync(user, id);
        scheduleText = server.ScheduledFor is { } at ? TimeZoneInfo.ConvertTime(at, Datelines.Kazakhstan).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;
        allowMissing = false;
        updateSlugs = false;
    }

    /// <summary>The browser's copy over the server's form: text fields the script patched win, the rest come from the copy.</summary>
    private StatementForm Merge(LocalCopy copy)
    {
        var merged = copy.Form.Clone();
        merged.Texts = new Dictionary<string, string>(serverForm.Texts, StringComparer.Ordinal);
        foreach (var (k, v) in copy.Form.Texts)
            merged.Texts[k] = v;
        return merged;
    }

    private async Task RestoreLocalAsync()
    {
        if (localOffer is null)
            return;
        form = Merge(localOffer);
        localOffer = null;
        await KeepLocallyAsync();
    }

    private async Task DiscardLocalAsync()
    {
        localOffer = null;
        await KeepLocallyAsync();
    }

    /// <summary>
    /// A keystroke: the browser script has already kept it; the whole form follows after a pause in typing,
    /// rather than crossing the connection on every key.
    /// </summary>
    private Task OnFormChangedAsync()
    {
        errors = [];
        actionError = null;
        keepLater?.Cancel();
        keepLater?.Dispose();
        keepLater = new CancellationTokenSource();
        var token = keepLater.Token;
        _ = Task.Delay(LocalKeepDelay, token).ContinueWith(
            t => t.IsCanceled ? Task.CompletedTask : InvokeAsync(KeepLocallyAsync), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private async Task SetAsync(Action change)
    {
        change();
        await OnFormChangedAsync();
    }

    private async Task KeepLocallyAsync()
    {
        if (module is null || form is null || localOffer is not null)
            return;
        try
        {
            await module.InvokeVoidAsync("saveForm", LocalKey, form.ToJson(), server?.Version);
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException)
        {
        }
    }

    private async Task ForgetLocalAsync(string key)
    {
        if (module is null)
            return;
        try
        {
            await module.InvokeVoidAsync("remove", key);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    // ---------------------------------------------------------------- actions

    private Task SaveClickedAsync() => RunAsync(() => SaveCoreAsync(manual: true));

    /// <summary>Creates or saves; returns false when nothing could be saved (the form stays as typed).</summary>
    private async Task<bool> SaveCoreAsync(bool manual)
    {
        if (form is null)
            return false;
        var sent = form.Clone();
        if (Id is not { } id)
        {
            var created = await Statements.CreateAsync(user, sent.ToContent(), newOrganisationId);
            await ForgetLocalAsync(LocalKey);
            justCreatedId = created.Id;
            Note(manual ? "Editor_Saved" : "Editor_Autosaved");
            Nav.NavigateTo($"/workspace/statements/{created.Id}", replace: true);
            return true;
        }

        await Statements.SaveAsync(user, id, sent.ToContent(), server!.Version, new SaveOptions(updateSlugs));
        await AfterChangeAsync(id, sent);
        Note(manual ? "Editor_Saved" : "Editor_Autosaved");
        return true;
    }

    /// <summary>Saves pending edits first, so a workflow action never acts on text the user has not saved.</summary>
    private async Task<bool> SavePendingAsync()
    {
        if (!Dirty || !CanPlainSave)
            return true;
        return await SaveCoreAsync(manual: true);
    }

    private Task SubmitAsync() => RunAsync(async () =>
    {
        if (!await SavePendingAsync() || Id is not { } id)
            return;
        await Workflow.SubmitAsync(user, id, server!.Version);
        await AfterChangeAsync(id, form!.Clone());
        Note("Editor_Submitted");
    });

    private Task PublishAsync() => RunAsync(async () =>
    {
        if (!await SavePendingAsync() || Id is not { } id)
            return;
        await Workflow.PublishAsync(user, id, server!.Version, allowMissing);
        await AfterChangeAsync(id, form!.Clone());
        Note("Editor_Published");
    });

    private Task ScheduleAsync() => RunAsync(async () =>
    {
        // The browser sends "yyyy-MM-ddTHH:mm" (some add seconds).
        if (!DateTime.TryParseExact(scheduleText, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            actionError = W["Error_ScheduleInPast"];
            return;
        }

        if (!await SavePendingAsync() || Id is not { } id)
            return;
        // The time is typed in Kazakhstan time, the newsroom's clock, whatever the browser's zone.
        var at = new DateTimeOffset(local, Datelines.Kazakhstan.GetUtcOffset(local));
        await Workflow.ScheduleAsync(user, id, server!.Version, at, allowMissing);
        await AfterChangeAsync(id, form!.Clone());
        Note("Editor_ScheduledNote");
    });

    private Task UnscheduleAsync() => RunAsync(async () =>
    {
        if (Id is not { } id)
            return;
        await Workflow.UnscheduleAsync(user, id, server!.Version);
        await AfterChangeAsync(id, form!.Clone());
    });

    private Task SendBackAsync() => RunAsync(async () =>
    {
        if (Id is not { } id)
            return;
        var note = await AskAsync(W["SendBack_Title"], W["SendBack_Label"], W["SendBack_Explanation"], W["Action_SendBack"], Color.Warning, bilingual: false);
        if (note is null)
            return;
        if (!await SavePendingAsync())
            return;
        await Workflow.SendBackAsync(user, id, server!.Version, note.Kk);
        await AfterChangeAsync(id, form!.Clone());
        Note("Editor_SentBack");
    });

    private Task CorrectAsync() => RunAsync(async () =>
    {
        if (Id is not { } id || form is null)
            return;
        var note = await AskAsync(W["Correct_Title"], W["Correct_Label"], W["Correct_Explanation"], W["Action_Correct"], Color.Primary, bilingual: true);
        if (note is null)
            return;
        var sent = form.Clone();
        await Workflow.CorrectAsync(user, id, server!.Version, Dirty ? sent.ToContent() : null, note, new SaveOptions(updateSlugs));
        await AfterChangeAsync(id, sent);
        Note("Editor_Corrected");
    });

    private Task RetractAsync() => RunAsync(async () =>
    {
        if (Id is not { } id)
            return;
        var reason = await AskAsync(W["Retract_Title"], W["Retract_Label"], W["Retract_Explanation"], W["Action_Retract"], Color.Error, bilingual: true);
        if (reason is null)
            return;
        await Workflow.RetractAsync(user, id, server!.Version, reason);
        await AfterChangeAsync(id, form!.Clone());
        Note("Editor_Retracted");
    });

    private Task RestoreRevisionAsync(int number) => RunAsync(async () =>
    {
        if (Id is not { } id || form is null)
            return;
        LocalizedText? note = null;
        if (server!.IsPublic)
        {
            note = await AskAsync(W["Correct_Title"], W["Correct_Label"], string.Format(CultureInfo.CurrentCulture, W["Restore_PublicExplanation"], number),
                W["Revisions_Restore"], Color.Primary, bilingual: true);
            if (note is null)
                return;
        }
        else
        {
            var message = Dirty ? W["Restore_ConfirmUnsaved"] : W["Restore_Confirm"];
            var ok = await Dialogs.ShowMessageBoxAsync(W["Revisions_Restore"], string.Format(CultureInfo.CurrentCulture, message, number), W["Revisions_Restore"], cancelText: W["Action_Cancel"]);
            if (ok != true)
                return;
            // The unsaved text goes to the browser's keeping, not to nowhere.
            await KeepDiscardedAsync(form);
        }

        await History.RestoreAsync(user, id, number, server.Version, note);
        await LoadAsync(id);
        await KeepLocallyAsync();
        Note("Editor_Restored");
    });

    /// <summary>After a successful change: refresh from the server, unless the user typed meanwhile (then keep that, still unsaved).</summary>
    private async Task AfterChangeAsync(Guid id, StatementForm sent)
    {
        var typed = form;
        await LoadAsync(id);
        if (typed is not null && !typed.SameAs(sent))
            form = typed;
        errors = [];
        actionError = null;
        await KeepLocallyAsync();
    }

    private async Task RunAsync(Func<Task> action)
    {
        if (busy)
            return;
        busy = true;
        try
        {
            await action();
        }
        catch (ValidationException ex)
        {
            errors = [.. ex.Errors];
            Snackbar.Add(W["Editor_NotSaved"], Severity.Error);
        }
        catch (ConflictException<StatementEditModel> ex)
        {
            await ResolveConflictAsync(ex.Current);
        }
        catch (DomainException ex)
        {
            actionError = W[ex.ErrorKey];
            Snackbar.Add(W[ex.ErrorKey], Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ResolveConflictAsync(StatementEditModel current)
    {
        if (form is null)
            return;
        var mine = form.Clone();
        var theirs = StatementForm.From(current);
        var parameters = new DialogParameters<ConflictDialog> { { d => d.Fields, theirs.Differences(mine, W) } };
        var dialog = await Dialogs.ShowAsync<ConflictDialog>(W["Conflict_Title"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
        var result = await dialog.Result;
        server = current;
        serverForm = theirs;
        revisions = await History.RevisionsAsync(user, current.Id);
        if (result is { Canceled: false, Data: ConflictChoice.KeepTheirs })
        {
            await KeepDiscardedAsync(mine);
            form = theirs.Clone();
            await KeepLocallyAsync();
            Note("Conflict_TookTheirs");
            return;
        }

        // Keep mine (or closed): the form keeps my text, now based on their version, so the next save lands on top of theirs.
        form = mine;
        await KeepLocallyAsync();
        if (result is { Canceled: false, Data: ConflictChoice.KeepMine } && CanPlainSave)
        {
            await Statements.SaveAsync(user, current.Id, mine.ToContent(), current.Version, new SaveOptions(updateSlugs));
            await AfterChangeAsync(current.Id, mine);
            Note("Editor_Saved");
        }
    }

    private async Task KeepDiscardedAsync(StatementForm discarded)
    {
        if (module is null)
            return;
        try
        {
            await module.InvokeVoidAsync("keep", $"{LocalKey}:discarded:{DateTime.UtcNow:yyyyMMddHHmmss}", discarded.ToJson());
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task<LocalizedText?> AskAsync(string title, string label, string explanation, string confirm, Color color, bool bilingual)
    {
        var parameters = new DialogParameters<NoteDialog>
        {
            { d => d.Title, title },
            { d => d.Label, label },
            { d => d.Explanation, explanation },
            { d => d.ConfirmText, confirm },
            { d => d.ConfirmColor, color },
            { d => d.Bilingual, bilingual },
        };
        var dialog = await Dialogs.ShowAsync<NoteDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: LocalizedText text } ? text : null;
    }

    // ---------------------------------------------------------------- fields

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null || form is null)
            return;
        photoError = null;
        if (file.Size > Photos.MaxBytes)
        {
            photoError = Message(new ValidationError(ImageErrors.PhotoTooLarge, StatementFields.Photo, null, (int)(Photos.MaxBytes / (1024 * 1024))));
            return;
        }

        uploading = true;
        try
        {
            await using var stream = file.OpenReadStream(Photos.MaxBytes);
            var name = await Photos.SaveAsync(stream);
            await PhotoAccess.RecordUploadAsync(user, name);
            form.PhotoPath = name;
            await OnFormChangedAsync();
        }
        catch (ValidationException ex)
        {
            photoError = Message(ex.Errors[0]);
        }
        catch (IOException)
        {
            photoError = W[ImageErrors.PhotoUnreadable];
        }
        finally
        {
            uploading = false;
        }
    }

    private async Task<IEnumerable<NamedRef>> SearchRelatedAsync(string? text, CancellationToken ct)
    {
        var found = await Statements.SearchRelatedAsync(user, text, Id, ct);
        return found.Where(f => form?.Related.All(r => r.Id != f.Id) ?? true);
    }

    private async Task AddRelatedAsync(NamedRef? pick)
    {
        relatedPick = null;
        if (pick is null || form is null || form.Related.Any(r => r.Id == pick.Id) || form.Related.Count >= StatementFields.RelatedMax)
            return;
        form.Related.Add(pick);
        await OnFormChangedAsync();
    }

    private Task RemoveRelatedAsync(NamedRef related) => SetAsync(() => form!.Related.RemoveAll(r => r.Id == related.Id));

    private string TagName(Guid id) => options?.Tags.FirstOrDefault(t => t.Id == id)?.Name ?? string.Empty;

    private Task<StatementDiff> LoadDiffAsync(int from, int to) => History.DiffAsync(user, Id!.Value, from, to);

    // ---------------------------------------------------------------- messages

    private string? FieldError(string field, string lang)
    {
        var error = errors.FirstOrDefault(e => e.Field == field && e.Lang == lang);
        return error is null ? null : Message(error);
    }

    /// <summary>"Қазақша · Тақырып: …": the language, the field and what is wrong with it.</summary>
    private string Message(ValidationError e)
    {
        var field = e.Field is null ? string.Empty : W[e.Field].Value;
        var text = string.Format(CultureInfo.CurrentCulture, W[e.Key], field, e.Limit);
        return e.Lang is null ? text : $"{W[$"Lang_{e.Lang}"]} · {text}";
    }

    private void Note(string key) =>
        savedNote = string.Format(CultureInfo.CurrentCulture, W[key], TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Datelines.Kazakhstan).ToString("HH:mm", CultureInfo.InvariantCulture));

    private static Color StatusColor(StatementStatus status) => status switch
    {
        StatementStatus.Draft => Color.Default,
        StatementStatus.InReview => Color.Info,
        StatementStatus.Published => Color.Success,
        StatementStatus.Corrected => Color.Warning,
        _ => Color.Error,
    };

    // ---------------------------------------------------------------- autosave to the server

    /// <summary>Saves a draft to the server every minute while the user edits it (drafts only: later states change by explicit action).</summary>
    private async Task AutosaveLoopAsync(CancellationToken ct)
    {
        autosaveTimer = new PeriodicTimer(ServerAutosaveInterval);
        try
        {
            while (await autosaveTimer.WaitForNextTickAsync(ct))
                await InvokeAsync(AutosaveOnceAsync);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AutosaveOnceAsync()
    {
        var isDraft = Id is null ? MissingLanguages.Count < Cultures.All.Count : server?.Status == StatementStatus.Draft && CanPlainSave;
        if (busy || !Dirty || !isDraft || localOffer is not null)
            return;
        busy = true;
        try
        {
            await SaveCoreAsync(manual: false);
        }
        catch (ValidationException)
        {
            // Half-typed text often fails validation; the browser keeps it, the manual save will say what is wrong.
        }
        catch (ConflictException<StatementEditModel> ex)
        {
            busy = false;
            await ResolveConflictAsync(ex.Current);
        }
        catch (DomainException)
        {
        }
        finally
        {
            busy = false;
            StateHasChanged();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (lifetime is not null)
        {
            await lifetime.CancelAsync();
            lifetime.Dispose();
        }

        autosaveTimer?.Dispose();
        keepLater?.Cancel();
        keepLater?.Dispose();
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("detach", LocalKey);
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
