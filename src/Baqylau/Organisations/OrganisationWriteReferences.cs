using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Organisations;

/// <summary>The organisation a write-API caller names by slug (admins writing on another organisation's behalf).</summary>
public sealed class OrganisationWriteReferences(IDbContextFactory<BaqylauDbContext> contexts)
{
    /// <summary>The organisation named by slug (for admins creating on another's behalf); null when none was named.</summary>
    public async Task<Guid?> OrganisationAsync(string? slug, List<ValidationError> errors, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await WriteReferences.ResolveAsync(slug, FieldRules.Organisation, errors,
            s => db.Organisations.AsNoTracking().Where(o => o.Slug == s).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct));
    }
}
