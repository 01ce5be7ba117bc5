using System.Runtime.CompilerServices;
using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Incidents;

/// <summary>
/// Evidence files of an incident: staff of the incident's organisation upload, list and download them (each
/// download audited); only Editors mark one publishable. Files never leave through here to the public.
/// </summary>
public sealed class IncidentEvidenceService(
    IDbContextFactory<BaqylauDbContext> contexts,
    ReadDbContextFactory reads,
    TimeProvider clock,
    EvidenceStore store,
    IPublicContentEvents publicContent,
    ILogger<IncidentEvidenceService> logger)
{
    private const int FileNameMax = 300;

    public long MaxBytes => store.MaxBytes;

    public async Task<EvidenceInfo> UploadAsync(StaffUser user, Guid incidentId, string fileName, Stream content, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireIncidentAsync(db, user, incidentId, ct);
        var stored = await store.SaveAsync(content, ct);
        // The browser's file name, kept for the download: without characters the database cannot store.
        var name = new string(Path.GetFileName(fileName ?? string.Empty).Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        if (name.Length == 0)
            name = stored.StorageName;
        if (name.Length > FileNameMax)
            name = name[^FileNameMax..];
        var file = new EvidenceFile
        {
            IncidentId = incidentId,
            OriginalFileName = name,
            ContentType = stored.ContentType,
            Size = stored.Size,
            Sha256 = stored.Sha256,
            StorageName = stored.StorageName,
            UploadedById = user.UserId,
            UploadedAt = clock.GetUtcNow(),
        };
        db.EvidenceFiles.Add(file);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Evidence {EvidenceId} added to incident {IncidentId}", file.Id, incidentId);
        return Info(file);
    }

    public async Task<IReadOnlyList<EvidenceInfo>> ListAsync(StaffUser user, Guid incidentId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireIncidentAsync(db, user, incidentId, ct);
        var files = await db.EvidenceFiles.AsNoTracking().Where(e => e.IncidentId == incidentId).OrderBy(e => e.UploadedAt).ToListAsync(ct);
        return [.. files.Select(Info)];
    }

    /// <summary>Opens the file for a staff download and records who downloaded it.</summary>
    public async Task<EvidenceDownload> OpenAsync(StaffUser user, Guid evidenceId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var file = await FindAsync(db, user, evidenceId, ct);
        // A row whose file is gone is "not found", not a server error; nothing was downloaded, so nothing is audited.
        var content = store.TryOpenRead(file.StorageName);
        if (content is null)
        {
            logger.LogWarning("Evidence {EvidenceId} has no readable stored file", file.Id);
            throw new NotFoundException();
        }

        try
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = clock.GetUtcNow(),
                UserId = user.UserId,
                UserName = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct),
                EntityType = nameof(EvidenceFile),
                EntityId = file.Id.ToString(),
                Action = AuditAction.Download,
            });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }

        return new EvidenceDownload(content, file.ContentType, file.OriginalFileName);
    }

    public async Task<EvidenceInfo> SetPublishableAsync(StaffUser user, Guid evidenceId, bool publishable, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var file = await FindAsync(db, user, evidenceId, ct);
        if (!user.IsEditor)
            throw StaffRules.Refused(user, logger);
        db.Attach(file);
        file.Publishable = publishable;
        await db.SaveChangesAsync(ct);
        if (await db.Incidents.AnyAsync(i => i.Id == file.IncidentId && i.Visibility == IncidentVisibility.Public, ct))
            await publicContent.IncidentChangedAsync(file.IncidentId, ct);
        return Info(file);
    }

    /// <summary>
    /// A publishable image of a public incident, for anyone: decoded and re-encoded as WebP so EXIF (GPS position,
    /// camera, time), XMP, IPTC and ICC never leave. Other types cannot be cleaned that way and are not served publicly.
    /// </summary>
    /// <returns>WebP bytes, or null when the file is not (or cannot be) public.</returns>
    public async Task<byte[]?> OpenPublicImageAsync(Guid evidenceId, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var file = await db.EvidenceFiles.AsNoTracking()
            .Where(e => e.Id == evidenceId && e.Publishable && e.ContentType.StartsWith("image/")
                && db.Incidents.Any(i => i.Id == e.IncidentId && i.Visibility == IncidentVisibility.Public))
            .Select(e => e.StorageName)
            .FirstOrDefaultAsync(ct);
        if (file is null)
            return null;
        await using var stream = store.TryOpenRead(file);
        return stream is null ? null : await EvidenceImages.CleanAsync(stream, ct);
    }

    private async Task RequireIncidentAsync(BaqylauDbContext db, StaffUser user, Guid incidentId, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        StaffRules.RequireStaff(user, logger, operation);
        var org = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId).Select(i => (Guid?)i.OrganisationId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        if (!user.CanAccess(org))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Incident), incidentId, operation);
    }

    private async Task<EvidenceFile> FindAsync(BaqylauDbContext db, StaffUser user, Guid evidenceId, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        StaffRules.RequireStaff(user, logger, operation);
        var row = await db.EvidenceFiles.AsNoTracking()
            .Where(e => e.Id == evidenceId)
            .Select(e => new { File = e, Org = db.Incidents.Where(i => i.Id == e.IncidentId).Select(i => i.OrganisationId).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (row is null)
            throw new NotFoundException();
        if (!user.CanAccess(row.Org))
            throw StaffRules.OtherOrganisation(user, logger, nameof(EvidenceFile), evidenceId, operation);
        return row.File;
    }

    private static EvidenceInfo Info(EvidenceFile e) =>
        new(e.Id, e.OriginalFileName, e.ContentType, e.Size, e.Sha256, e.Publishable, e.UploadedAt);
}
