using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

/// <summary>
/// Keeps old statement URLs alive. The workspace calls <see cref="RecordChangeAsync"/> when it changes the slug
/// of a statement the public has already seen; the public page then answers the old slug with 301 to the new one.
/// </summary>
public sealed class StatementSlugs(BaqylauDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Records that <paramref name="oldSlug"/> no longer is the statement's slug in <paramref name="culture"/>.
    /// Only stages the row on the context: call it before your own <c>SaveChangesAsync</c> on the same
    /// <see cref="BaqylauDbContext"/>, so the new slug and the redirect commit together (or neither does).
    /// Idempotent; nothing happens when the slug did not change. An old slug that another statement used
    /// before is taken over: the latest statement to leave a URL owns its redirect.
    /// </summary>
    /// <param name="newSlug">The slug the translation has now; a history row for it (the statement going back
    /// to an earlier slug) is removed, because the live slug answers by itself.</param>
    public async Task RecordChangeAsync(Guid statementId, string culture, string oldSlug, string newSlug, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(culture);
        ArgumentException.ThrowIfNullOrWhiteSpace(oldSlug);
        ArgumentException.ThrowIfNullOrWhiteSpace(newSlug);
        if (string.Equals(oldSlug, newSlug, StringComparison.Ordinal))
            return;

        var stale = await db.StatementSlugHistory
            .FirstOrDefaultAsync(h => h.Culture == culture && h.Slug == newSlug && h.StatementId == statementId, ct);
        if (stale is not null)
            db.Remove(stale);

        var existing = await db.StatementSlugHistory.FirstOrDefaultAsync(h => h.Culture == culture && h.Slug == oldSlug, ct);
        if (existing is null)
        {
            db.Add(new StatementSlugHistory { Culture = culture, Slug = oldSlug, StatementId = statementId, ChangedAt = clock.GetUtcNow() });
        }
        else
        {
            existing.StatementId = statementId;
            existing.ChangedAt = clock.GetUtcNow();
        }
    }
}
