using System.Globalization;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Web.Accounts;
using Baqylau.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Baqylau.Web.Statements.Workspace;

/// <summary>
/// The statement editor. What the user typed is never thrown away by the page: a failed save keeps the form,
/// a conflict shows both versions, and the browser keeps a copy of every change (<see cref="DraftKeeper{TForm}"/>).
/// Every action goes through one <see cref="ActionRunner"/>; each answer of the services carries the statement as
/// stored and its revisions, so the page shows them without reading again.
/// </summary>
public sealed partial class StatementEditor : IAsyncDisposable
{
    private static readonly TimeSpan ServerAutosaveInterval = TimeSpan.FromSeconds(60);

    private StaffUser user = StaffUser.None;
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
    private NamedRef? relatedPick;
    private Guid? newOrganisationId;
    private Guid? loadedId;
    private Guid? justCreatedId;
    private string activeLang = Cultures.Current;
    private string? scheduleText;
    private bool allowMissing;
    private bool updateSlugs;
    private bool uploading;
    private bool localChecked;
    private ElementReference container;
    private PeriodicTimer? autosaveTimer;
    private CancellationTokenSource? lifetime;
    private ActionRunner runner = default!;
    private DraftKeeper<StatementForm> drafts = default!;

    [Parameter]
    public Guid? Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private StatementActions? actions => server?.Actions;

    private bool busy => runner.Busy;

    private bool CanEditText => server is null ? Id is null : server.Actions.CanEdit;

    /// <summary>A plain save exists only while readers have not seen the text; afterwards a change is a correction.</summary>
    private bool CanPlainSave => server is null ? Id is null : server.Actions.CanEdit && !server.IsPublic;

    private bool Dirty => form is not null && !form.SameAs(serverForm);

    /// <summary>Per user and statement, so two people on one computer never see each other's drafts.</summary>
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
        runner = new ActionRunner(ShowFailureAsync);
        drafts = new DraftKeeper<StatementForm>(JS, InvokeAsync, () => (form, server?.Version));
        user = (await AuthState).User.ToStaffUser();
        lifetime = new CancellationTokenSource();
        var failure = await ActionRunner.TryAsync(async () =>
        {
            options = await Statements.OptionsAsync(user);
            newOrganisationId = user.OrganisationId ?? (options.Organisations.Count > 0 ? options.Organisations[0].Id : null);
        });
        loadError = failure?.ErrorKey;
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

        var keepTyped = justCreatedId == id ? form : null;
        justCreatedId = null;
        var failure = await ActionRunner.TryAsync(async () =>
        {
            var model = await Statements.GetAsync(user, id);
            Show(model, await History.RevisionsAsync(user, id));
        });
        loadError = failure?.ErrorKey;
        if (keepTyped is not null)
            form = keepTyped;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (form is null || localChecked)
            return;
        localChecked = true;
        if (await drafts.AttachAsync(container, LocalKey, serverForm, server?.Version, server is null ? null : server.UpdatedAt))
            StateHasChanged();
    }

    /// <summary>The statement as the server has it, and a fresh working copy of it.</summary>
    private void Show(StatementEditModel model, IReadOnlyList<RevisionInfo> history)
    {
        server = model;
        revisions = history;
        serverForm = StatementForm.From(model);
        form = serverForm.Clone();
        scheduleText = model.ScheduledFor is { } at ? TimeZoneInfo.ConvertTime(at, Datelines.Kazakhstan).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;
        allowMissing = false;
        updateSlugs = false;
    }

    /// <summary>After a successful change: the service's answer, unless the user typed meanwhile (then that stays, still unsaved).</summary>
    private async Task AfterChangeAsync(SaveResult result, StatementForm sent, string? note)
    {
        var typed = form;
        Show(result.Statement, result.Revisions);
        if (typed is not null && !typed.SameAs(sent))
            form = typed;
        errors = [];
        actionError = null;
        await drafts.KeepAsync();
        if (note is not null)
            Note(note);
    }

    private async Task RestoreLocalAsync() => form = await drafts.RestoreAsync(serverForm) ?? form;

    private Task DiscardLocalAsync() => drafts.DiscardAsync();

    /// <summary>A keystroke: the browser script has already kept it; the whole form follows after a pause in typing.</summary>
    private Task OnFormChangedAsync()
    {
        errors = [];
        actionError = null;
        drafts.KeepLater();
        return Task.CompletedTask;
    }

    private Task SetAsync(Action change)
    {
        change();
        return OnFormChangedAsync();
    }

    // ---------------------------------------------------------------- actions

    private async Task SaveClickedAsync() => await runner.RunAsync(() => SaveCoreAsync(manual: true));

    /// <summary>Creates or saves the form as typed (a refusal leaves it as it is).</summary>
    private async Task SaveCoreAsync(bool manual)
    {
        if (form is null)
            return;
        var sent = form.Clone();
        var note = manual ? "Editor_Saved" : "Editor_Autosaved";
        if (Id is not { } id)
        {
            var created = await Statements.CreateAsync(user, sent.ToContent(), newOrganisationId);
            await drafts.ForgetAsync();
            justCreatedId = created.Id;
            Note(note);
            Nav.NavigateTo($"/workspace/statements/{created.Id}", replace: true);
            return;
        }

        await AfterChangeAsync(await Statements.SaveAsync(user, id, sent.ToContent(), server!.Version, new SaveOptions(updateSlugs)), sent, note);
    }

    /// <summary>
    /// A workflow step on the statement as saved: pending edits are saved first, so a step never acts on text the
    /// user has not saved.
    /// </summary>
    private async Task StepAsync(Func<Guid, uint, Task<SaveResult>> step, string note) => await runner.RunAsync(async () =>
    {
        if (Id is not { } id || form is null)
            return;
        if (Dirty && CanPlainSave)
            await SaveCoreAsync(manual: true);
        await AfterChangeAsync(await step(id, server!.Version), form.Clone(), note);
    });

    private Task SubmitAsync() => StepAsync((id, version) => Workflow.SubmitAsync(user, id, version), "Editor_Submitted");

    private Task MarkCheckedAsync(string lang) => StepAsync((id, version) => Statements.MarkTranslationCheckedAsync(user, id, lang, version), "Editor_TranslationChecked");

    /// <summary>The languages readers can open now (a published translation has its slug), in the site's order.</summary>
    private IEnumerable<(string Lang, string Slug)> PublicSlugs =>
        server is null ? [] : Cultures.All.Where(l => !string.IsNullOrEmpty(server.Slugs.GetValueOrDefault(l)) && !string.IsNullOrWhiteSpace(serverForm.Get(l, "Title")))
            .Select(l => (l, server.Slugs[l]!));

    /// <summary>What goes out, and when, before it does: a publication cannot be taken back silently.</summary>
    private Task<bool> ConfirmPublicationAsync(DateTimeOffset at, bool scheduled)
    {
        var languages = Cultures.All.Where(l => !MissingLanguages.Contains(l)).Select(l => (l, form!.Get(l, "Title").Trim())).ToList();
        var when = Datelines.Format(at, Cultures.Current);
        return PublishConfirmDialog.AskAsync(Dialogs, W[scheduled ? "PublishConfirm_ScheduleTitle" : "PublishConfirm_Title"], languages, MissingLanguages,
            scheduled ? when : string.Format(CultureInfo.CurrentCulture, W["PublishConfirm_Now"], when), W[scheduled ? "Action_Schedule" : "Action_Publish"]);
    }

    private async Task PublishAsync()
    {
        if (form is null || !await ConfirmPublicationAsync(Clock.GetUtcNow(), scheduled: false))
            return;
        await StepAsync((id, version) => Workflow.PublishAsync(user, id, version, allowMissing), "Editor_Published");
    }

    private async Task ScheduleAsync()
    {
        // The browser sends "yyyy-MM-ddTHH:mm" (some add seconds).
        if (!DateTime.TryParseExact(scheduleText, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            actionError = W["Error_ScheduleInPast"];
            return;
        }

        // The time is typed in Kazakhstan time, the newsroom's clock, whatever the browser's zone.
        var at = new DateTimeOffset(local, Datelines.Kazakhstan.GetUtcOffset(local));
        if (form is null || !await ConfirmPublicationAsync(at, scheduled: true))
            return;
        await StepAsync((id, version) => Workflow.ScheduleAsync(user, id, version, at, allowMissing), "Editor_ScheduledNote");
    }

    private async Task UnscheduleAsync() => await runner.RunAsync(async () =>
    {
        if (Id is { } id)
            await AfterChangeAsync(await Workflow.UnscheduleAsync(user, id, server!.Version), form!.Clone(), null);
    });

    private async Task SendBackAsync()
    {
        var note = await AskAsync(W["SendBack_Title"], W["SendBack_Label"], W["SendBack_Explanation"], W["Action_SendBack"], Color.Warning, bilingual: false);
        if (note is not null)
            await StepAsync((id, version) => Workflow.SendBackAsync(user, id, version, note.Kk), "Editor_SentBack");
    }

    private async Task CorrectAsync()
    {
        // The editor sees what the correction publishes: the text as readers have it, and as it will be.
        var changes = form is null || !Dirty ? [] : serverForm.Differences(form, W);
        var note = await AskAsync(W["Correct_Title"], W["Correct_Label"], W["Correct_Explanation"], W["Action_Correct"], Color.Primary, bilingual: true, changes: changes);
        if (note is null)
            return;
        await runner.RunAsync(async () =>
        {
            if (Id is not { } id || form is null)
                return;
            var sent = form.Clone();
            await AfterChangeAsync(await Workflow.CorrectAsync(user, id, server!.Version, Dirty ? sent.ToContent() : null, note, new SaveOptions(updateSlugs)), sent, "Editor_Corrected");
        });
    }

    private async Task RetractAsync()
    {
        var reason = await AskAsync(W["Retract_Title"], W["Retract_Label"], W["Retract_Explanation"], W["Action_Retract"], Color.Error, bilingual: true);
        if (reason is not null)
            await runner.RunAsync(async () => await AfterChangeAsync(await Workflow.RetractAsync(user, Id!.Value, server!.Version, reason), form!.Clone(), "Editor_Retracted"));
    }

    private async Task RestoreRevisionAsync(int number)
    {
        if (Id is not { } id || form is null || server is null)
            return;
        LocalizedText? note = null;
        if (server.IsPublic)
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
            await drafts.KeepDiscardedAsync(form);
        }

        await runner.RunAsync(async () =>
        {
            var restored = await History.RestoreAsync(user, id, number, server.Version, note);
            Show(restored.Statement, restored.Revisions);
            await drafts.KeepAsync();
            Note("Editor_Restored");
        });
    }

    private Task ShowFailureAsync(ActionFailure failure)
    {
        if (failure.Current<StatementEditModel>() is { } current)
            return ResolveConflictAsync(current);
        if (failure.Errors.Count > 0)
        {
            errors = [.. failure.Errors];
            Snackbar.Add(W["Editor_NotSaved"], Severity.Error);
            return Task.CompletedTask;
        }

        actionError = W[failure.ErrorKey];
        Snackbar.Add(W[failure.ErrorKey], Severity.Error);
        return Task.CompletedTask;
    }

    /// <summary>Someone saved in between: both versions side by side; whichever the user keeps, the other is not lost.</summary>
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
            await drafts.KeepDiscardedAsync(mine);
            form = theirs.Clone();
            await drafts.KeepAsync();
            Note("Conflict_TookTheirs");
            return;
        }

        // Keep mine (or closed): the form keeps my text, now based on their version, so the next save lands on top of theirs.
        form = mine;
        await drafts.KeepAsync();
        if (result is { Canceled: false, Data: ConflictChoice.KeepMine } && CanPlainSave)
            await runner.RunAsync(async () => await AfterChangeAsync(await Statements.SaveAsync(user, current.Id, mine.ToContent(), current.Version, new SaveOptions(updateSlugs)), mine, "Editor_Saved"));
    }

    private async Task<LocalizedText?> AskAsync(string title, string label, string explanation, string confirm, Color color, bool bilingual,
        IReadOnlyList<ConflictField>? changes = null)
    {
        var parameters = new DialogParameters<NoteDialog>
        {
            { d => d.Changes, changes },
            { d => d.Title, title },
            { d => d.Label, label },
            { d => d.Explanation, explanation },
            { d => d.ConfirmText, confirm },
            { d => d.ConfirmColor, color },
            { d => d.Bilingual, bilingual },
        };
        var dialog = await Dialogs.ShowAsync<NoteDialog>(title, parameters, new DialogOptions { MaxWidth = changes is null ? MaxWidth.Small : MaxWidth.Medium, FullWidth = true });
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
            var failure = await ActionRunner.TryAsync(async () =>
            {
                await using var stream = file.OpenReadStream(Photos.MaxBytes);
                var name = await Photos.SaveAsync(stream);
                await PhotoAccess.RecordUploadAsync(user, name);
                form.PhotoPath = name;
                await OnFormChangedAsync();
            });
            if (failure is not null)
                photoError = failure.Errors.Count > 0 ? Message(failure.Errors[0]) : W[failure.ErrorKey];
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
    private string Message(ValidationError e) => Api.ValidationMessages.Format(W, e);

    private void Note(string key)
    {
        savedNote = string.Format(CultureInfo.CurrentCulture, W[key], TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Datelines.Kazakhstan).ToString("HH:mm", CultureInfo.InvariantCulture));
        // What the user did gets a clear confirmation; a background autosave only the quiet chip.
        if (key != "Editor_Autosaved")
            Snackbar.Add(savedNote, Severity.Success, o => o.SnackbarTypeClass = "saved-snackbar");
    }

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
        if (busy || !Dirty || !isDraft || drafts.Offer is not null)
            return;
        // Half-typed text often fails validation: the browser keeps it, the manual save will say what is wrong.
        await runner.RunAsync(() => SaveCoreAsync(manual: false),
            failure => failure.Current<StatementEditModel>() is { } current ? ResolveConflictAsync(current) : Task.CompletedTask);
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        if (lifetime is not null)
        {
            await lifetime.CancelAsync();
            lifetime.Dispose();
        }

        autosaveTimer?.Dispose();
        if (drafts is not null)
            await drafts.DisposeAsync();
    }
}
