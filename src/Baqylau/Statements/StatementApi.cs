using Baqylau.Common;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

/// <summary>A statement in the read-only API: only published, corrected or retracted ones, public fields only.</summary>
public sealed record StatementDto(
    string Id,
    StatementStatus Status,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? RetractedAt,
    IReadOnlyDictionary<string, string> RetractionReason,
    TermDto Organisation,
    TermDto? Campaign,
    TermDto? Rubric,
    IReadOnlyList<TermDto> Tags,
    IReadOnlyDictionary<string, StatementTextDto> Translations,
    IReadOnlyList<StatementCorrectionDto> Corrections);

/// <summary>One language's text; <see cref="Body"/> is the Markdown source.</summary>
public sealed record StatementTextDto(string Slug, string Url, string Title, string Lead, string Body, string? PhotoCaption);

public sealed record StatementCorrectionDto(DateTimeOffset At, IReadOnlyDictionary<string, string> Note);

/// <summary>Filters of the statements API (slugs; years of publication, inclusive).</summary>
public sealed record StatementApiFilter(string? Organisation, string? Campaign, int? FromYear, int? ToYear);

/// <summary>Read-side projections for the statements API, newest first, keyset-paged on (PublishedAt, Id).</summary>
public sealed class StatementApiQueries(ReadDbContextFactory reads)
{
    private static readonly StatementStatus[] PublicStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];

    public async Task<(IReadOnlyList<StatementDto> Items, int Total, KeysetCursor? Next)> PageAsync(
        StatementApiFilter filter, KeysetCursor? after, int limit, string siteUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await reads.CreateDbContextAsync(ct);
        var q = db.Statements.AsNoTracking().Where(s => PublicStatuses.Contains(s.Status) && s.PublishedAt != null);
        if (filter.Organisation is { } org)
            q = q.Where(s => s.Organisation!.Slug == org);
        if (filter.Campaign is { } campaign)
            q = q.Where(s => s.Campaign!.Slug == campaign);
        if (filter.FromYear is { } from)
        {
            var start = new DateTimeOffset(from, 1, 1, 0, 0, 0, TimeSpan.Zero);
            q = q.Where(s => s.PublishedAt >= start);
        }

        if (filter.ToYear is { } to)
        {
            var end = new DateTimeOffset(to + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
            q = q.Where(s => s.PublishedAt < end);
        }

        var total = await q.CountAsync(ct);
        if (after is { Key: { } ticks } cursor && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            var id = cursor.Id;
            q = q.Where(s => s.PublishedAt < at || (s.PublishedAt == at && s.Id.CompareTo(id) < 0));
        }
        else if (after is not null)
        {
            q = q.Where(_ => false);
        }

        var rows = await q.OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id).Take(limit + 1)
            .Select(s => new
            {
                s.Id,
                s.PublicId,
                s.Status,
                s.PublishedAt,
                s.RetractedAt,
                s.RetractionReason,
                OrgSlug = s.Organisation!.Slug,
                OrgName = s.Organisation.Name,
                CampaignSlug = s.Campaign != null ? s.Campaign.Slug : null,
                CampaignTitle = s.Campaign != null ? s.Campaign.Title : null,
                RubricSlug = s.Rubric != null ? s.Rubric.Slug : null,
                RubricName = s.Rubric != null ? s.Rubric.Name : null,
                Tags = s.Tags.OrderBy(t => t.Slug).Select(t => new { t.Slug, t.Name }).ToList(),
                Texts = s.Translations.OrderBy(t => t.Culture).Select(t => new { t.Culture, t.Slug, t.Title, t.Lead, t.Body, t.PhotoCaption }).ToList(),
                s.Corrections,
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        var items = page.Select(s => new StatementDto(
            s.PublicId,
            s.Status,
            s.PublishedAt,
            s.RetractedAt,
            s.RetractionReason.Values,
            TermDto.From(s.OrgSlug, s.OrgName),
            s.CampaignSlug is null ? null : TermDto.From(s.CampaignSlug, s.CampaignTitle!),
            s.RubricSlug is null ? null : TermDto.From(s.RubricSlug, s.RubricName!),
            s.Tags.Select(t => TermDto.From(t.Slug, t.Name)).ToList(),
            s.Texts.ToDictionary(
                t => t.Culture,
                t => new StatementTextDto(t.Slug, $"{siteUrl}/{t.Culture}/statements/{t.Slug}", t.Title, t.Lead, t.Body, t.PhotoCaption)),
            s.Corrections.OrderBy(c => c.At).Select(c => new StatementCorrectionDto(c.At, c.Note.Values)).ToList())).ToList();
        KeysetCursor? next = rows.Count > limit ? new KeysetCursor(page[^1].PublishedAt!.Value.UtcTicks, page[^1].Id) : null;
        return (items, total, next);
    }
}
