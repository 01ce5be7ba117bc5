using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Campaigns;

public sealed record CampaignListItem(string Slug, string Title, CampaignKind Kind, DateOnly VotingDay);

public sealed class CampaignQueries(BaqylauDbContext db)
{
    /// <summary>Campaigns that are not archived, latest voting day first.</summary>
    public async Task<IReadOnlyList<CampaignListItem>> ListAsync(string lang, CancellationToken ct = default)
    {
        var rows = await db.Campaigns.AsNoTracking()
            .Where(c => !c.IsArchived)
            .OrderByDescending(c => c.VotingDay)
            .Select(c => new { c.Slug, c.Title, c.Kind, c.VotingDay })
            .ToListAsync(ct);
        return rows.Select(c => new CampaignListItem(c.Slug, c.Title.In(lang), c.Kind, c.VotingDay)).ToList();
    }
}
