using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Incidents;

/// <summary>Names of everything an incident points at, for one public data version.</summary>
internal sealed class IncidentLookups(
    IReadOnlyList<IncidentLookups.Term> categories,
    IReadOnlyList<IncidentLookups.Term> actors,
    IReadOnlyDictionary<int, PublicTerm> regions,
    IReadOnlyList<PublicTerm> regionList,
    IReadOnlyList<IncidentLookups.OrganisationTerm> organisations,
    IReadOnlyList<IncidentLookups.CampaignTerm> campaigns)
{
    public sealed record Term(Guid Id, PublicTerm Ref, bool IsArchived);

    public sealed record OrganisationTerm(Guid Id, OrganisationRef Ref, bool IsArchived);

    public sealed record CampaignTerm(Guid Id, PublicTerm Ref, DateOnly VotingDay);

    public static async Task<IncidentLookups> LoadAsync(BaqylauDbContext db, CancellationToken ct)
    {
        var categories = await db.IncidentCategories.AsNoTracking().OrderBy(c => c.SortOrder)
            .Select(c => new { c.Id, c.Slug, c.Name, c.IsArchived }).ToListAsync(ct);
        var actors = await db.IncidentActors.AsNoTracking().OrderBy(c => c.SortOrder)
            .Select(c => new { c.Id, c.Slug, c.Name, c.IsArchived }).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder)
            .Select(r => new { r.Id, r.Code, r.Name }).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking()
            .Select(o => new { o.Id, o.Slug, o.Name, o.ShortName, o.IsArchived }).ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Select(c => new { c.Id, c.Slug, c.Title, c.VotingDay }).ToListAsync(ct);
        return new IncidentLookups(
            categories.Select(c => new Term(c.Id, new PublicTerm(c.Slug, c.Name), c.IsArchived)).ToList(),
            actors.Select(c => new Term(c.Id, new PublicTerm(c.Slug, c.Name), c.IsArchived)).ToList(),
            regions.ToDictionary(r => r.Id, r => new PublicTerm(r.Code, r.Name)),
            regions.Select(r => new PublicTerm(r.Code, r.Name)).ToList(),
            organisations.Select(o => new OrganisationTerm(o.Id, new OrganisationRef(o.Slug, o.Name, o.ShortName), o.IsArchived)).ToList(),
            campaigns.Select(c => new CampaignTerm(c.Id, new PublicTerm(c.Slug, c.Title), c.VotingDay)).ToList());
    }

    private readonly Dictionary<Guid, PublicTerm> categoryById = categories.ToDictionary(c => c.Id, c => c.Ref);
    private readonly Dictionary<Guid, PublicTerm> actorById = actors.ToDictionary(c => c.Id, c => c.Ref);
    private readonly Dictionary<Guid, OrganisationRef> organisationById = organisations.ToDictionary(o => o.Id, o => o.Ref);
    private readonly Dictionary<Guid, PublicTerm> campaignById = campaigns.ToDictionary(c => c.Id, c => c.Ref);

    public IReadOnlyList<Term> CategoryList => categories;

    public IReadOnlyList<Term> ActorList => actors;

    public IReadOnlyDictionary<int, PublicTerm> Regions => regions;

    public IReadOnlyList<PublicTerm> RegionList => regionList;

    public IReadOnlyList<OrganisationTerm> OrganisationList => organisations;

    public IReadOnlyList<CampaignTerm> CampaignList => campaigns;

    // Foreign keys guarantee these exist; a row added after this snapshot was read raised the version, so a
    // reader with an older snapshot may still meet it: it gets a blank name rather than an error.
    public PublicTerm Category(Guid id) => categoryById.GetValueOrDefault(id) ?? Unknown;

    public PublicTerm Actor(Guid id) => actorById.GetValueOrDefault(id) ?? Unknown;

    public OrganisationRef Organisation(Guid id) => organisationById.GetValueOrDefault(id) ?? new OrganisationRef(string.Empty, new(), new());

    public PublicTerm Campaign(Guid id) => campaignById.GetValueOrDefault(id) ?? Unknown;

    private static readonly PublicTerm Unknown = new(string.Empty, new Common.LocalizedText());
}
