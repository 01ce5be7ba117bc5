using System.Globalization;
using Baqylau.Incidents;
using Baqylau.Web.Accounts;
using Baqylau.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Baqylau.Web.Incidents.Workspace;

/// <summary>
/// The incident editor: texts in both languages, the fuzzy date, place, terms, sources and linked statements; for
/// editors also verification, visibility, evidence and the internal part. As in the statement editor, nothing typed
/// is lost: the browser keeps a copy (<see cref="DraftKeeper{TForm}"/>), a failed save keeps the form, and a conflict
/// shows both versions. Every action goes through one <see cref="ActionRunner"/>.
/// </summary>
public sealed partial class IncidentEditor : IAsyncDisposable
{
    private StaffUser user = StaffUser.None;
    private IncidentEditorOptions? options;
    private IncidentEditModel? server;
    private IncidentForm? form;
    private IncidentForm serverForm = new();
    private InternalForm? internalForm;
    private IReadOnlyList<ValidationError> errors = [];
    private IReadOnlyList<EvidenceInfo> evidence = [];
    private NamedRef? statementPick;
    private string? loadError;
    private bool localChecked;
    private Guid? loadedId;
    private bool loaded;
    private ElementReference container;
    private ActionRunner runner = default!;
    private DraftKeeper<IncidentForm> drafts = default!;

    [Parameter]
    public Guid? Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private bool busy => runner.Busy;

    /// <summary>Per user and incident, so two people on one computer never see each other's drafts.</summary>
    private string LocalKey => $"baqylau:incident:{user.UserId:N}:{(Id is { } id ? id.ToString("N") : "new")}";

    protected override void OnInitialized()
    {
        runner = new ActionRunner(ShowFailureAsync);
        drafts = new DraftKeeper<IncidentForm>(JS, InvokeAsync, () => (form, server?.Version));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loaded && Id == loadedId)
            return;
        loaded = true;
        loadedId = Id;
        localChecked = false;
        errors = [];
        user = (await AuthState).User.ToStaffUser();
        var failure = await ActionRunner.TryAsync(async () =>
        {
            options = await Incidents.OptionsAsync(user);
            if (Id is { } id)
            {
                await ShowAsync(await Incidents.GetAsync(user, id));
                evidence = await Evidence.ListAsync(user, id);
            }
            else
            {
                server = null;
                serverForm = IncidentForm.From(new IncidentContent(), []);
                form = serverForm.Clone();
            }

            internalForm = null;
        });
        if (failure is not null)
            loadError = failure.ErrorKey == ErrorKeys.NotFound ? "Error_IncidentNotFound" : failure.ErrorKey;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (form is null || localChecked)
            return;
        localChecked = true;
        // The statement editor's browser keeping, reused as it is: same record shape, another key.
        if (await drafts.AttachAsync(container, LocalKey, serverForm, server?.Version, server is null ? null : server.UpdatedAt))
            StateHasChanged();
    }

    /// <summary>The incident as the server has it, and a fresh working copy of it.</summary>
    private async Task ShowAsync(IncidentEditModel model)
    {
        server = model;
        serverForm = IncidentForm.From(model.Content, await Incidents.StatementNamesAsync(user, model.Content.StatementIds));
        form = serverForm.Clone();
    }

    private async Task RestoreLocalAsync() => form = await drafts.RestoreAsync(serverForm) ?? form;

    private Task DiscardLocalAsync() => drafts.DiscardAsync();

    private Task SetText(string lang, string field, string? value)
    {
        form?.Set(lang, field, value);
        return OnFormChanged();
    }

    private Task Change(Action change)
    {
        change();
        return OnFormChanged();
    }

    /// <summary>A change: the whole form goes to the browser's keeping after a pause in typing.</summary>
    private Task OnFormChanged()
    {
        drafts.KeepLater();
        return Task.CompletedTask;
    }

    private async Task<IEnumerable<NamedRef>> SearchStatementsAsync(string? text, CancellationToken ct)
    {
        var organisation = server?.OrganisationId ?? user.OrganisationId;
        if (organisation is not { } org || form is null)
            return [];
        var found = await Incidents.SearchStatementsAsync(user, org, text, ct);
        return found.Where(f => form.Statements.All(s => s.Id != f.Id));
    }

    private async Task AddStatementAsync(NamedRef? pick)
    {
        statementPick = null;
        if (pick is null || form is null || form.Statements.Any(s => s.Id == pick.Id) || form.Statements.Count >= IncidentFields.StatementsMax)
            return;
        form.Statements.Add(pick);
        await OnFormChanged();
    }

    private Task SaveAsync() => Act(async () =>
    {
        if (form is null)
            return;
        var sent = form.Clone();
        if (server is null)
        {
            var created = await Incidents.CreateAsync(user, sent.ToContent());
            // The new incident has its own key from now on; the "new" draft is done.
            await drafts.ForgetAsync();
            Snackbar.Add(W["Incident_Saved"], Severity.Success);
            Nav.NavigateTo($"/workspace/incidents/{created.Id}");
            return;
        }

        await AfterSaveAsync(await Incidents.SaveAsync(user, server.Id, sent.ToContent(), server.Version), sent);
        Snackbar.Add(W["Incident_Saved"], Severity.Success);
    });

    /// <summary>After a save: the service's answer, unless the user typed meanwhile (then that stays, still unsaved).</summary>
    private async Task AfterSaveAsync(IncidentSaveResult saved, IncidentForm sent)
    {
        var typed = form;
        await ShowAsync(saved.Incident);
        if (typed is not null && !typed.SameAs(sent))
            form = typed;
        await drafts.KeepAsync();
    }

    /// <summary>Someone saved in between: both versions side by side; whichever the user keeps, the other is not lost.</summary>
    private async Task ResolveConflictAsync(IncidentEditModel current)
    {
        if (form is null)
            return;
        var mine = form.Clone();
        var theirs = IncidentForm.From(current.Content, await Incidents.StatementNamesAsync(user, current.Content.StatementIds));
        var fields = theirs.Differences(mine, options, (field, lang) => $"{W[$"Field_{field}"]} · {W[$"Lang_{lang}"]}", F["IncidentEditor_OtherFields"]);
        var parameters = new DialogParameters<ConflictDialog>
        {
            { d => d.Fields, fields },
            { d => d.Title, F["IncidentEditor_ConflictTitle"].Value },
            { d => d.Explanation, F["IncidentEditor_ConflictExplanation"].Value },
        };
        var dialog = await Dialogs.ShowAsync<ConflictDialog>(F["IncidentEditor_ConflictTitle"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
        var result = await dialog.Result;
        server = current;
        serverForm = theirs;
        if (result is { Canceled: false, Data: ConflictChoice.KeepTheirs })
        {
            await drafts.KeepDiscardedAsync(mine);
            form = theirs.Clone();
            await drafts.KeepAsync();
            Snackbar.Add(F["IncidentEditor_ConflictTookTheirs"], Severity.Info);
            return;
        }

        // Keep mine (or closed): my text, now based on their version, so the next save lands on top of theirs knowingly.
        form = mine;
        await drafts.KeepAsync();
        if (result is { Canceled: false, Data: ConflictChoice.KeepMine } && current.Actions.CanEdit)
        {
            await Act(async () =>
            {
                await AfterSaveAsync(await Incidents.SaveAsync(user, current.Id, mine.ToContent(), current.Version), mine);
                Snackbar.Add(W["Incident_Saved"], Severity.Success);
            });
        }
    }

    private Task VerifyAsync(VerificationStatus step) =>
        Act(async () => await KeepTypedAsync(await Incidents.VerifyAsync(user, server!.Id, server.Version, step)));

    private Task VisibilityAsync(IncidentVisibility visibility) =>
        Act(async () => await KeepTypedAsync(await Incidents.SetVisibilityAsync(user, server!.Id, server.Version, visibility)));

    /// <summary>Verification and visibility move the version; the typed form stays as it is.</summary>
    private async Task KeepTypedAsync(IncidentSaveResult saved)
    {
        var typed = form;
        await ShowAsync(saved.Incident);
        form = typed;
        await drafts.KeepAsync();
    }

    private Task LoadInternalAsync() => Act(async () =>
    {
        var content = await Incidents.GetInternalAsync(user, server!.Id);
        internalForm = new InternalForm { Observers = content.ObserverIdentities, Witnesses = content.WitnessIdentities, Notes = content.Notes };
    });

    private Task SaveInternalAsync() => Act(async () =>
    {
        await Incidents.SaveInternalAsync(user, server!.Id, new IncidentInternalContent(internalForm!.Observers, internalForm.Witnesses, internalForm.Notes));
        Snackbar.Add(W["Incident_Saved"], Severity.Success);
    });

    private Task UploadEvidenceAsync(IBrowserFile? file) =>
        file is null ? Task.CompletedTask : Act(async () =>
        {
            if (file.Size > Evidence.MaxBytes)
            {
                errors = [new ValidationError(IncidentErrors.EvidenceTooLarge, IncidentFields.Evidence, null, (int)(Evidence.MaxBytes / (1024 * 1024)))];
                return;
            }

            await using var stream = file.OpenReadStream(Evidence.MaxBytes);
            await Evidence.UploadAsync(user, server!.Id, file.Name, stream);
            evidence = await Evidence.ListAsync(user, server.Id);
        });

    private Task PublishableAsync(Guid evidenceId, bool publishable) => Act(async () =>
    {
        await Evidence.SetPublishableAsync(user, evidenceId, publishable);
        evidence = await Evidence.ListAsync(user, server!.Id);
    });

    /// <summary>Runs an action with the page's errors cleared first.</summary>
    private Task Act(Func<Task> action)
    {
        if (busy)
            return Task.CompletedTask;
        errors = [];
        return runner.RunAsync(action);
    }

    private Task ShowFailureAsync(ActionFailure failure)
    {
        if (failure.Current<IncidentEditModel>() is { } current)
            return ResolveConflictAsync(current);
        if (failure.Errors.Count > 0)
            errors = failure.Errors;
        else
            Snackbar.Add(W[failure.ErrorKey], Severity.Error);
        return Task.CompletedTask;
    }

    private string Message(ValidationError e) =>
        e.Key == IncidentErrors.EvidenceTooLarge
            ? string.Format(CultureInfo.CurrentCulture, W[e.Key], e.Limit)
            : Api.ValidationMessages.Format(W, e);

    public async ValueTask DisposeAsync()
    {
        if (drafts is not null)
            await drafts.DisposeAsync();
    }

    private sealed class InternalForm
    {
        public string? Observers { get; set; }

        public string? Witnesses { get; set; }

        public string? Notes { get; set; }
    }
}
