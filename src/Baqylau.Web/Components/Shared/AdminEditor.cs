using Baqylau.Web.Accounts;
using Baqylau.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Baqylau.Web.Components.Shared;

/// <summary>
/// The editor page of a record admins keep (campaigns, organisations): "new" or an existing id, one form, save
/// (a new record then opens at its own address), archive after asking, and the service's refusals shown beside the
/// fields through an <see cref="ActionRunner"/>. The page supplies the markup and the record's own parts.
/// </summary>
public abstract class AdminEditor<TForm> : ComponentBase
    where TForm : class, IArchivable, new()
{
    private readonly ActionRunner runner;

    protected AdminEditor() =>
        runner = new ActionRunner(f => Errors = f.AsErrors);

    [Parameter]
    public Guid? Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IStringLocalizer<AdminStrings> Strings { get; set; } = default!;

    protected StaffUser User { get; private set; } = new(Guid.Empty, null, []);

    protected TForm Form { get; set; } = new();

    protected IReadOnlyList<ValidationError> Errors { get; private set; } = [];

    /// <summary>Why the record cannot be edited (an AdminStrings key), instead of the form.</summary>
    protected string? LoadError { get; private set; }

    protected bool Loaded { get; private set; }

    protected bool Busy => runner.Busy;

    protected abstract IAdminRecords<TForm> Records { get; }

    /// <summary>The list's address; a record's editor is this plus its id.</summary>
    protected abstract string ListPath { get; }

    /// <summary>The AdminStrings key of the question asked before archiving.</summary>
    protected abstract string ArchiveQuestion { get; }

    /// <summary>The form a new record starts from.</summary>
    protected virtual TForm NewForm() => new();

    /// <summary>Clears what the page keeps beside the form once a save went through.</summary>
    protected virtual void OnSaved()
    {
    }

    protected override async Task OnParametersSetAsync()
    {
        User = (await AuthState).User.ToStaffUser();
        Errors = [];
        var failure = await ActionRunner.TryAsync(async () => Form = Id is { } id ? await Records.GetAsync(User, id) : NewForm());
        LoadError = failure?.ErrorKey;
        Loaded = true;
    }

    protected bool Has(string field) => Errors.Any(e => e.Field == field);

    protected Task SaveAsync() => runner.RunAsync(async () =>
    {
        var id = await Records.SaveAsync(User, Form);
        Errors = [];
        OnSaved();
        Snackbar.Add(Strings["Saved"], Severity.Success);
        if (Id is null)
            Navigation.NavigateTo($"{ListPath}/{id}");
        else
            Form = await Records.GetAsync(User, id);
    });

    protected async Task ArchiveAsync(bool archive)
    {
        if (Id is not { } id)
            return;
        if (archive && !await ConfirmDialog.AskAsync(Dialogs, Strings["Archive_Title"], Strings[ArchiveQuestion], Strings["Action_Archive"]))
            return;
        await runner.RunAsync(async () =>
        {
            await Records.SetArchivedAsync(User, id, archive);
            Form.IsArchived = archive;
            Snackbar.Add(archive ? Strings["Archived"] : Strings["Unarchived"], Severity.Success);
        });
    }
}
