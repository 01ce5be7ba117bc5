using System.Globalization;
using Baqylau.Data;
using Baqylau.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>A statement's history: its revisions, the difference between two, and restoring an earlier one.</summary>
public sealed class StatementRevisionService(
    IDbContextFactory<BaqylauDbContext> contexts,
    TimeProvider clock,
    IPublicContentEvents publicContent,
    ILogger<StatementRevisionService> logger)
{
    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<RevisionInfo>> RevisionsAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        await work.RequireAccessAsync(user, id, ct);
        return await work.RevisionsAsync(id, ct);
    }

    /// <summary>Field-by-field differences between two revisions, per language, with a line diff of the bodies.</summary>
    public async Task<StatementDiff> DiffAsync(StaffUser user, Guid id, int fromNumber, int toNumber, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        await work.RequireAccessAsync(user, id, ct);
        var snapshots = await work.Db.StatementRevisions.AsNoTracking()
            .Where(r => r.StatementId == id && (r.Number == fromNumber || r.Number == toNumber))
            .Select(r => new { r.Number, r.Snapshot })
            .ToListAsync(ct);
        var from = snapshots.FirstOrDefault(s => s.Number == fromNumber) ?? throw new NotFoundException();
        var to = snapshots.FirstOrDefault(s => s.Number == toNumber) ?? throw new NotFoundException();
        var names = await work.NamesAsync(ct);
        return StatementDiffer.Compare(fromNumber, StatementSnapshot.FromJson(from.Snapshot), toNumber, StatementSnapshot.FromJson(to.Snapshot), names);
    }

    /// <summary>
    /// Restores the text and fields of revision <paramref name="number"/> as a new revision. Once public, a restore
    /// is a correction and needs its note.
    /// </summary>
    public async Task<SaveResult> RestoreAsync(StaffUser user, Guid id, int number, uint expectedVersion, LocalizedText? correctionNote = null, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditable(user, statement);
        var snapshotJson = await work.Db.StatementRevisions.AsNoTracking()
            .Where(r => r.StatementId == id && r.Number == number).Select(r => r.Snapshot).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        var content = await work.WithoutVanishedReferencesAsync(StatementSnapshot.FromJson(snapshotJson).ToContent(), ct);
        var comment = "#" + number.ToString(CultureInfo.InvariantCulture);
        if (statement.IsEditableWithoutCorrection)
        {
            await work.ApplyAsync(statement, content, user, updateSlugs: false, ct, checkPhoto: false);
            statement.Touch(clock);
            return await work.CommitAsync(user, statement, RevisionKind.Restore, comment, publicChange: false, ct);
        }

        work.RequireEditor(user);
        await work.ApplyAsync(statement, content, user, updateSlugs: false, ct, checkPhoto: false);
        statement.Correct(correctionNote ?? new LocalizedText(), clock);
        return await work.CommitAsync(user, statement, RevisionKind.Restore, comment, publicChange: true, ct);
    }

    private Task<StatementChanges> OpenAsync(CancellationToken ct) => StatementChanges.OpenAsync(contexts, clock, publicContent, logger, ct);
}
