using Baqylau.Common;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Organisations;

/// <summary>An organisation in the read-only API: public profile fields only (no staff, no accounts).</summary>
public sealed record OrganisationDto(
    string Slug,
    IReadOnlyDictionary<string, string> Name,
    IReadOnlyDictionary<string, string> ShortName,
    IReadOnlyDictionary<string, string> Description,
    DateOnly? FoundedOn,
    string? WebsiteUrl,
    IReadOnlyList<string> Links,
    bool Archived);

/// <summary>Organisations for the API in the order they joined, keyset-paged on the id.</summary>
public sealed class OrganisationApiQueries(ReadDbContextFactory reads)
{
    public async Task<(IReadOnlyList<OrganisationDto> Items, int Total, KeysetCursor? Next)> PageAsync(KeysetCursor? after, int limit, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var q = db.Organisations.AsNoTracking();
        var total = await q.CountAsync(ct);
        if (after is { } cursor)
        {
            var id = cursor.Id;
            q = q.Where(o => o.Id.CompareTo(id) > 0);
        }

        var rows = await q.OrderBy(o => o.Id).Take(limit + 1)
            .Select(o => new { o.Id, o.Slug, o.Name, o.ShortName, o.Description, o.FoundedOn, o.WebsiteUrl, o.Links, o.IsArchived })
            .ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        var items = page.Select(o => new OrganisationDto(o.Slug, o.Name.Values, o.ShortName.Values, o.Description.Values,
            o.FoundedOn, o.WebsiteUrl, o.Links, o.IsArchived)).ToList();
        KeysetCursor? next = rows.Count > limit ? new KeysetCursor(null, page[^1].Id) : null;
        return (items, total, next);
    }
}
