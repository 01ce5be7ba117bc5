using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Common;

/// <summary>
/// Turns the slugs, codes and public ids a write-API caller sends into the ids the workspace services take.
/// Anything unknown becomes the same "unknown reference" error the services give, naming its field.
/// </summary>
public sealed class ApiReferences(BaqylauDbContext db)
{
    public async Task<IncidentContent> IncidentContentAsync(IncidentWriteRequest request, List<ValidationError> errors, CancellationToken ct)
    {
        var texts = IncidentWriteMapping.Texts(request, errors);
        Guid? category = null;
        if (!string.IsNullOrWhiteSpace(request.Category))
        {
            category = await db.IncidentCategories.AsNoTracking().Where(c => c.Slug == request.Category.Trim() && !c.IsArchived).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (category is null)
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Category));
        }

        var actor = await ResolveAsync(request.Actor, IncidentFields.Actor, errors,
            slug => db.IncidentActors.AsNoTracking().Where(a => a.Slug == slug && !a.IsArchived).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct));
        var campaign = await ResolveAsync(request.Campaign, IncidentFields.Campaign, errors,
            slug => db.Campaigns.AsNoTracking().Where(c => c.Slug == slug).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct));
        int? region = null;
        if (!string.IsNullOrWhiteSpace(request.Region))
        {
            var code = request.Region.Trim();
            region = await db.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
            if (region is null)
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Region));
        }

        var statements = await StatementIdsAsync(request.Statements, IncidentFields.Statements, errors, ct);
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

    /// <param name="photoPath">The stored photo, which the API does not set: a PUT keeps the one the workspace chose.</param>
    public async Task<StatementContent> StatementContentAsync(StatementWriteRequest request, string? photoPath, List<ValidationError> errors, CancellationToken ct)
    {
        var translations = request.Translations(errors);
        var rubric = await ResolveAsync(request.Rubric, StatementFields.Rubric, errors,
            slug => db.Rubrics.AsNoTracking().Where(r => r.Slug == slug).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct));
        var campaign = await ResolveAsync(request.Campaign, StatementFields.Campaign, errors,
            slug => db.Campaigns.AsNoTracking().Where(c => c.Slug == slug).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct));
        var tagSlugs = (request.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var tags = await db.Tags.AsNoTracking().Where(t => tagSlugs.Contains(t.Slug)).Select(t => t.Id).ToListAsync(ct);
        if (tags.Count != tagSlugs.Count)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Tags));
        var related = await StatementIdsAsync(request.Related, StatementFields.Related, errors, ct);
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

    /// <summary>The organisation named by slug (for admins creating on another's behalf); null when none was named.</summary>
    public async Task<Guid?> OrganisationAsync(string? slug, List<ValidationError> errors, CancellationToken ct) =>
        await ResolveAsync(slug, StatementFields.Organisation, errors,
            s => db.Organisations.AsNoTracking().Where(o => o.Slug == s).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct));

    private static async Task<Guid?> ResolveAsync(string? slug, string field, List<ValidationError> errors, Func<string, Task<Guid?>> find)
    {
        if (string.IsNullOrWhiteSpace(slug))
            return null;
        var id = await find(slug.Trim());
        if (id is null)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, field));
        return id;
    }

    /// <summary>Statements by id or public id; which of them the caller may link is the service's decision.</summary>
    private async Task<IReadOnlyList<Guid>> StatementIdsAsync(List<string>? values, string field, List<ValidationError> errors, CancellationToken ct)
    {
        var wanted = (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var ids = wanted.Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).Where(g => g is not null).Select(g => g!.Value).ToList();
        var publicIds = wanted.Where(v => !Guid.TryParse(v, out _)).ToList();
        var found = await db.Statements.AsNoTracking()
            .Where(s => ids.Contains(s.Id) || publicIds.Contains(s.PublicId))
            .Select(s => new { s.Id, s.PublicId })
            .ToListAsync(ct);
        var result = new List<Guid>();
        foreach (var v in wanted)
        {
            var match = found.FirstOrDefault(s => s.PublicId == v || (Guid.TryParse(v, out var g) && s.Id == g));
            if (match is null)
            {
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, field));
                return [];
            }

            result.Add(match.Id);
        }

        return result.Distinct().ToList();
    }
}
