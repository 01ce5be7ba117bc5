namespace Baqylau.Common;

/// <summary>Something admins archive rather than delete (a campaign, an organisation, and the forms that edit them).</summary>
public interface IArchivable
{
    bool IsArchived { get; set; }
}

/// <summary>
/// The records admins keep (campaigns, organisations), as the workspace editor sees them: read into a form, saved
/// from it, archived and brought back. Each refuses a non-admin with <see cref="ForbiddenException"/>.
/// </summary>
public interface IAdminRecords<TForm>
    where TForm : IArchivable
{
    Task<TForm> GetAsync(StaffUser user, Guid id, CancellationToken ct = default);

    /// <returns>The record's id (new when the form had none).</returns>
    Task<Guid> SaveAsync(StaffUser user, TForm form, CancellationToken ct = default);

    Task SetArchivedAsync(StaffUser user, Guid id, bool archived, CancellationToken ct = default);
}
