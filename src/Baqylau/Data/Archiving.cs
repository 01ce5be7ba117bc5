using Microsoft.EntityFrameworkCore;

namespace Baqylau.Data;

internal static class Archiving
{
    /// <summary>Marks a tracked row archived or not; the caller saves (and tells the public pages).</summary>
    /// <returns>False when the row already was so, and there is nothing to save.</returns>
    public static async Task<bool> SetArchivedAsync<T>(this DbSet<T> rows, Guid id, bool archived, CancellationToken ct)
        where T : class, IArchivable
    {
        var row = await rows.FindAsync([id], ct) ?? throw new NotFoundException();
        if (row.IsArchived == archived)
            return false;
        row.IsArchived = archived;
        return true;
    }
}
