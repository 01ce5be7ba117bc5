using Baqylau.Campaigns;
using Baqylau.Data;
using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Organisations;

public sealed record OrganisationProfile(
    Guid Id,
    string Slug,
    string Name,
    string ShortName,
    string Description,
    DateOnly? FoundedOn,
    string? WebsiteUrl,
    IReadOnlyList<string> Links,
    IReadOnlyList<StanceView> Stances,
    string? LogoPath = null);

/// <summary>Read-side projection of an organisation's public profile (AsNoTracking, projections only).</summary>
public sealed class OrganisationPages(ReadDbContextFactory reads)
{
    /// <summary>A non-archived organisation by slug with its stances (latest campaign first), or null.</summary>
    public async Task<OrganisationProfile?> ProfileAsync(string slug, string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var o = await db.Organisations.AsNoTracking().Where(x => x.Slug == slug && !x.IsArchived)
            .Select(x => new { x.Id, x.Slug, x.Name, x.ShortName, x.Description, x.FoundedOn, x.WebsiteUrl, x.Links, x.LogoPath })
            .FirstOrDefaultAsync(ct);
        if (o is null)
            return null;
        var stances = await CampaignPages.StancesAsync(db.Stances.Where(s => s.OrganisationId == o.Id && !s.Campaign!.IsArchived), lang, ct);
        return new OrganisationProfile(o.Id, o.Slug, o.Name.In(lang), o.ShortName.In(lang), o.Description.In(lang), o.FoundedOn, o.WebsiteUrl,
            o.Links.Where(l => !string.IsNullOrWhiteSpace(l)).ToList(),
            stances.OrderByDescending(s => s.VotingDay).ToList(),
            o.LogoPath);
    }
}
