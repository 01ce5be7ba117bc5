using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

/// <summary>
/// Turns the slugs and public ids a write-API caller sends for a statement into the ids
/// <see cref="StatementService"/> takes; anything unknown is the service's own "unknown reference" error for its field.
/// </summary>
public sealed class StatementWriteReferences(IDbContextFactory<BaqylauDbContext> contexts)
{
    /// <param name="photoPath">The stored photo, which the API does not set: a PUT keeps the one the workspace chose.</param>
    public async Task<StatementContent> StatementContentAsync(StatementWriteRequest request, string? photoPath, List<ValidationError> errors, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var translations = request.Translations(errors);
        var rubric = await WriteReferences.ResolveAsync(request.Rubric, StatementFields.Rubric, errors,
            slug => db.Rubrics.AsNoTracking().Where(r => r.Slug == slug).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct));
        var campaign = await WriteReferences.ResolveAsync(request.Campaign, StatementFields.Campaign, errors,
            slug => db.Campaigns.AsNoTracking().Where(c => c.Slug == slug).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct));
        var tagSlugs = (request.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var tags = await db.Tags.AsNoTracking().Where(t => tagSlugs.Contains(t.Slug)).Select(t => t.Id).ToListAsync(ct);
        if (tags.Count != tagSlugs.Count)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Tags));
        var related = await WriteReferences.StatementIdsAsync(db, request.Related, StatementFields.Related, errors, ct);
        return new StatementContent
        {
            Translations = translations,
            RubricId = rubric,
            CampaignId = campaign,
            TagIds = tags,
            RelatedIds = related,
            PhotoPath = photoPath,
        };
    }
}
