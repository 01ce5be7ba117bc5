using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Incidents;

public sealed record IncidentListItem(
    string PublicId,
    string Title,
    FuzzyDate Occurred,
    string Category,
    string? Region,
    string Organisation,
    VerificationStatus Verification);

/// <summary>Read-side projections of public incidents. Never touches the internal part.</summary>
public sealed class IncidentQueries(BaqylauDbContext db)
{
    /// <summary>Public incidents, newest first, undated ones last.</summary>
    public async Task<IReadOnlyList<IncidentListItem>> PublicTimelineAsync(string lang, int take, CancellationToken ct = default)
    {
        var rows = await db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Public)
            .OrderBy(i => i.OccurredSortKey == null).ThenByDescending(i => i.OccurredSortKey).ThenBy(i => i.Id)
            .Take(take)
            .Select(i => new
            {
                i.PublicId,
                i.Occurred,
                Category = i.Category!.Name,
                Region = i.Region != null ? i.Region.Name : null,
                Org = i.Organisation!.ShortName,
                i.Verification,
                Own = i.Translations.Where(t => t.Culture == lang).Select(t => t.Title).FirstOrDefault(),
                Any = i.Translations.OrderBy(t => t.Culture).Select(t => t.Title).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new IncidentListItem(r.PublicId, r.Own ?? r.Any ?? string.Empty, r.Occurred, r.Category.In(lang),
            r.Region?.In(lang), r.Org.In(lang), r.Verification)).ToList();
    }
}
