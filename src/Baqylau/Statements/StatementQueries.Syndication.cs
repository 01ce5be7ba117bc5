using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

/// <summary>One statement in a language's Atom feed; the body is Markdown, rendered by the caller.</summary>
public sealed record FeedEntry(
    Guid Id,
    string PublicId,
    string Slug,
    string Title,
    string Lead,
    string BodyMarkdown,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    string OrganisationName,
    string? OrganisationUrl,
    string? Rubric,
    IReadOnlyList<string> Tags,
    StatementStatus Status,
    DateTimeOffset? RetractedAt,
    string? RetractionReason);

/// <summary>A public statement's URLs for the sitemap: its slug in each language it has.</summary>
public sealed record SitemapStatement(Guid Id, DateTimeOffset LastModified, IReadOnlyList<TranslationLink> Translations);

/// <summary>One line of the public corrections log: a dated correction or a retraction of a statement.</summary>
public sealed record CorrectionLogEntry(
    DateTimeOffset At,
    bool IsRetraction,
    string Note,
    string NoteCulture,
    Guid StatementId,
    string StatementCulture,
    string StatementSlug,
    string StatementTitle);

public sealed partial class StatementQueries
{
    /// <summary>The latest public statements that have text in <paramref name="lang"/>, newest first, optionally of one campaign.</summary>
    public async Task<IReadOnlyList<FeedEntry>> FeedAsync(string lang, Guid? campaignId, int take, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var query = Public(db).Where(s => s.PublishedAt != null && s.Translations.Any(t => t.Culture == lang));
        if (campaignId is { } cid)
            query = query.Where(s => s.CampaignId == cid);
        var rows = await query
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id)
            .Take(take)
            .Select(s => new
            {
                s.Id,
                s.PublicId,
                PublishedAt = s.PublishedAt!.Value,
                s.UpdatedAt,
                s.Status,
                s.RetractedAt,
                s.RetractionReason,
                Org = new { s.Organisation!.Name, s.Organisation.WebsiteUrl },
                Rubric = s.Rubric != null ? s.Rubric.Name : null,
                Tags = s.Tags.OrderBy(t => t.Slug).Select(t => t.Name).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        // The texts by id in a second query: taking "the one in this language" inside the first made PostgreSQL number
        // every translation of every statement.
        var ids = rows.Select(r => r.Id).ToList();
        var texts = await db.StatementTranslations.AsNoTracking()
            .Where(t => ids.Contains(t.StatementId) && t.Culture == lang)
            .Select(t => new { t.StatementId, t.Slug, t.Title, t.Lead, t.Body, t.UpdatedAt })
            .ToDictionaryAsync(t => t.StatementId, ct);
        return rows.Where(r => texts.ContainsKey(r.Id)).Select(r =>
        {
            var text = texts[r.Id];
            return new FeedEntry(
                r.Id, r.PublicId, text.Slug, text.Title, text.Lead, text.Body, r.PublishedAt,
                text.UpdatedAt > r.UpdatedAt ? text.UpdatedAt : r.UpdatedAt,
                r.Org.Name.In(lang), r.Org.WebsiteUrl, r.Rubric?.In(lang), r.Tags.Select(t => t.In(lang)).ToList(),
                r.Status, r.RetractedAt, r.RetractionReason.IsEmpty ? null : r.RetractionReason.In(lang));
        }).ToList();
    }

    /// <summary>A campaign that public feeds may be asked for, by its slug; null when there is none.</summary>
    public async Task<CampaignLink?> CampaignAsync(string lang, string slug, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var row = await db.Campaigns.AsNoTracking()
            .Where(c => c.Slug == slug)
            .Select(c => new { c.Id, c.Slug, c.Title })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new CampaignLink(row.Id, row.Slug, row.Title.In(lang));
    }

    /// <summary>Every public statement with its slugs per language, for the sitemap.</summary>
    public async Task<IReadOnlyList<SitemapStatement>> SitemapAsync(CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var rows = await Public(db)
            .OrderByDescending(s => s.PublishedAt).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id,
                s.UpdatedAt,
                Texts = s.Translations.OrderBy(t => t.Culture).Select(t => new { t.Culture, t.Slug, t.Title, t.UpdatedAt }).ToList(),
            })
            .ToListAsync(ct);
        return rows.Where(r => r.Texts.Count > 0)
            .Select(r => new SitemapStatement(
                r.Id,
                r.Texts.Select(t => t.UpdatedAt).Append(r.UpdatedAt).Max(),
                r.Texts.Select(t => new TranslationLink(t.Culture, t.Slug, t.Title)).ToList()))
            .ToList();
    }

    /// <summary>Every correction and retraction of a public statement, newest first: the public record of what changed.</summary>
    public async Task<IReadOnlyList<CorrectionLogEntry>> CorrectionLogAsync(string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        // Corrections are a jsonb list, not a table. Only corrected and retracted statements can have any: a correction
        // marks the statement Corrected, and a public statement never goes back to Published.
        var changed = (await Public(db)
                .Where(s => s.Status != StatementStatus.Published)
                .Select(s => new { s.Id, s.Corrections, s.RetractedAt, s.RetractionReason })
                .ToListAsync(ct))
            .Where(s => s.Corrections.Count > 0 || s.RetractedAt is not null)
            .ToList();
        if (changed.Count == 0)
            return [];

        var ids = changed.Select(s => s.Id).ToList();
        var texts = (await db.StatementTranslations.AsNoTracking()
                .Where(t => ids.Contains(t.StatementId))
                .Select(t => new { t.StatementId, t.Culture, t.Slug, t.Title })
                .ToListAsync(ct))
            .GroupBy(t => t.StatementId)
            .ToDictionary(g => g.Key, g => g.FirstOrDefault(t => t.Culture == lang) ?? g.OrderBy(t => t.Culture, StringComparer.Ordinal).First());

        var entries = new List<CorrectionLogEntry>();
        foreach (var s in changed)
        {
            if (!texts.TryGetValue(s.Id, out var t))
                continue;
            foreach (var c in s.Corrections)
            {
                entries.Add(new CorrectionLogEntry(c.At, false, c.Note.In(lang), c.Note.Has(lang) ? lang : Cultures.Other(lang),
                    s.Id, t.Culture, t.Slug, t.Title));
            }

            if (s.RetractedAt is { } at)
            {
                entries.Add(new CorrectionLogEntry(at, true, s.RetractionReason.In(lang),
                    s.RetractionReason.Has(lang) ? lang : Cultures.Other(lang), s.Id, t.Culture, t.Slug, t.Title));
            }
        }

        return entries.OrderByDescending(e => e.At).ThenBy(e => e.StatementId).ToList();
    }
}
