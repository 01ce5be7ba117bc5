using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Incidents;

/// <summary>
/// Turns the slugs, codes and public ids a write-API caller sends for an incident into the ids
/// <see cref="IncidentService"/> takes; anything unknown is the service's own "unknown reference" error for its field.
/// </summary>
public sealed class IncidentWriteReferences(IDbContextFactory<BaqylauDbContext> contexts)
{
    public async Task<IncidentContent> IncidentContentAsync(IncidentWriteRequest request, List<ValidationError> errors, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var texts = IncidentWriteMapping.Texts(request, errors);
        Guid? category = null;
        if (!string.IsNullOrWhiteSpace(request.Category))
        {
            category = await db.IncidentCategories.AsNoTracking().Where(c => c.Slug == request.Category.Trim() && !c.IsArchived).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (category is null)
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Category));
        }

        var actor = await WriteReferences.ResolveAsync(request.Actor, IncidentFields.Actor, errors,
            slug => db.IncidentActors.AsNoTracking().Where(a => a.Slug == slug && !a.IsArchived).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct));
        var campaign = await WriteReferences.ResolveAsync(request.Campaign, IncidentFields.Campaign, errors,
            slug => db.Campaigns.AsNoTracking().Where(c => c.Slug == slug).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct));
        int? region = null;
        if (!string.IsNullOrWhiteSpace(request.Region))
        {
            var code = request.Region.Trim();
            region = await db.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
            if (region is null)
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Region));
        }

        var statements = await WriteReferences.StatementIdsAsync(db, request.Statements, IncidentFields.Statements, errors, ct);
        return new IncidentContent
        {
            Translations = texts,
            Occurred = request.Occurred?.ToFuzzyDate() ?? FuzzyDate.Unknown,
            CategoryId = category,
            ActorId = actor,
            RegionId = region,
            CampaignId = campaign,
            Settlement = request.Settlement,
            PollingStation = request.PollingStation,
            Sources = [.. (request.Sources ?? []).Select(s => new SourceContent(s.Kind, s.Url ?? string.Empty, s.Title, s.AccessedOn, s.ArchiveUrl))],
            StatementIds = statements,
        };
    }
}
