using Baqylau.Data;
using Baqylau.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>
/// Who may use and see an uploaded statement photo before it is public: the organisation that uploaded it (and
/// admins). The files themselves are kept by <see cref="StatementPhotoStore"/>.
/// </summary>
public sealed class StatementPhotoService(IDbContextFactory<BaqylauDbContext> contexts, TimeProvider clock, ILogger<StatementPhotoService> logger)
{
    /// <summary>Records who uploaded a photo, so that until a statement uses it only their organisation sees it.</summary>
    public async Task RecordUploadAsync(StaffUser user, string name, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        if (!StatementPhotoStore.IsValidName(name))
            throw new ValidationException(new ValidationError(ImageErrors.PhotoUnreadable, StatementFields.Photo));
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.StatementPhotoUploads.Add(new StatementPhotoUpload
        {
            Name = name,
            OrganisationId = user.OrganisationId,
            UploadedById = user.UserId,
            UploadedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Whether the workspace may show this user a stored photo: admins every one (they see every statement); others
    /// a photo of a statement they may open, of a public one, or (used by no statement yet) one their organisation
    /// uploaded. Anything else is "not found", as another organisation's draft is.
    /// </summary>
    public async Task<bool> CanViewAsync(StaffUser user, string name, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        if (!StatementPhotoStore.IsValidName(name))
            return false;
        if (user.IsAdmin)
            return true;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = await db.Statements.AsNoTracking().Where(s => s.PhotoPath == name)
            .Select(s => new { s.Id, s.OrganisationId, s.Status }).ToListAsync(ct);
        if (users.Any(s => user.CanAccess(s.OrganisationId) || StatementChanges.Readable.Contains(s.Status)))
            return true;
        if (users.Count > 0)
        {
            AccessRefusals.OtherOrganisation(logger, user.UserId, nameof(Statement), users[0].Id);
            return false;
        }

        var upload = await db.StatementPhotoUploads.AsNoTracking().Where(u => u.Name == name)
            .Select(u => new { u.OrganisationId }).FirstOrDefaultAsync(ct);
        if (upload is null)
            return false;
        if (upload.OrganisationId is { } org && user.CanAccess(org))
            return true;
        AccessRefusals.OtherOrganisation(logger, user.UserId, nameof(StatementPhotoUpload), name);
        return false;
    }
}
