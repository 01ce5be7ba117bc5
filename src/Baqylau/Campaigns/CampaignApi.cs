using Baqylau.Common;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Campaigns;

/// <summary>A campaign in the read-only API (all public fields; archived ones stay listed, flagged).</summary>
public sealed record CampaignDto(
    string Slug,
    CampaignKind Kind,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Description,
    DateOnly VotingDay,
    IReadOnlyList<CampaignKeyDateDto> KeyDates,
    IReadOnlyList<LegalReferenceDto> LegalReferences,
    bool Archived);

public sealed record CampaignKeyDateDto(CampaignDateKind Kind, DateOnly Start, DateOnly? End, IReadOnlyDictionary<string, string> Note);

public sealed record LegalReferenceDto(IReadOnlyDictionary<string, string> Title, string? Url);

/// <summary>Campaigns for the API, latest voting day first, keyset-paged on (VotingDay, Id).</summary>
public sealed class CampaignApiQueries(ReadDbContextFactory reads)
{
    public async Task<(IReadOnlyList<CampaignDto> Items, int Total, KeysetCursor? Next)> PageAsync(KeysetCursor? after, int limit, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var q = db.Campaigns.AsNoTracking();
        var total = await q.CountAsync(ct);
        if (after is { Key: { } day } cursor && day is >= 0 and <= 3_652_058)
        {
            var votingDay = DateOnly.FromDayNumber((int)day);
            var id = cursor.Id;
            q = q.Where(c => c.VotingDay < votingDay || (c.VotingDay == votingDay && c.Id.CompareTo(id) < 0));
        }
        else if (after is not null)
        {
            q = q.Where(_ => false);
        }

        var rows = await q.OrderByDescending(c => c.VotingDay).ThenByDescending(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        var items = page.Select(c => new CampaignDto(
            c.Slug,
            c.Kind,
            c.Title.Values,
            c.Description.Values,
            c.VotingDay,
            c.KeyDates.OrderBy(d => d.Start).Select(d => new CampaignKeyDateDto(d.Kind, d.Start, d.End, d.Note.Values)).ToList(),
            c.LegalReferences.Select(r => new LegalReferenceDto(r.Title.Values, r.Url)).ToList(),
            c.IsArchived)).ToList();
        KeysetCursor? next = rows.Count > limit ? new KeysetCursor(page[^1].VotingDay.DayNumber, page[^1].Id) : null;
        return (items, total, next);
    }
}
