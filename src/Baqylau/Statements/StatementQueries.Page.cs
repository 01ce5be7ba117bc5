using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

public enum SlugMatch
{
    /// <summary>The slug is the statement's slug in the requested language: render the page.</summary>
    Current,

    /// <summary>An old slug, or the other language's slug of a statement that has this language: 301 to <see cref="StatementSlugResolution.Slug"/>.</summary>
    Redirect,

    /// <summary>The statement exists but has no text in the requested language: say so and link the other language.</summary>
    OtherLanguage,

    NotFound,
}

public sealed record StatementSlugResolution(SlugMatch Match, Guid StatementId = default, string? Slug = null)
{
    public static StatementSlugResolution None { get; } = new(SlugMatch.NotFound);
}

public sealed record TermLink(string Slug, string Name);

public sealed record CampaignLink(Guid Id, string Slug, string Title);

public sealed record OrganisationFooter(string Slug, string Name, string Description, string? WebsiteUrl);

public sealed record TranslationLink(string Culture, string Slug, string Title);

public sealed record RelatedStatement(Guid Id, string Culture, string Slug, string Title, DateTimeOffset? PublishedAt, StatementStatus Status, bool InRequestedLanguage);

public sealed record CorrectionNote(DateTimeOffset At, string Text, string Culture);

/// <summary>Everything the public statement page shows, in one language (see <see cref="Culture"/>).</summary>
public sealed record StatementView(
    Guid Id,
    string PublicId,
    string Culture,
    bool InRequestedLanguage,
    string Slug,
    string Title,
    string Lead,
    string BodyMarkdown,
    StatementStatus Status,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    string? PhotoPath,
    string? PhotoCaption,
    string? PhotoAlt,
    TermLink? Rubric,
    IReadOnlyList<TermLink> Tags,
    CampaignLink? Campaign,
    OrganisationFooter Organisation,
    IReadOnlyList<TranslationLink> Translations,
    IReadOnlyList<RelatedStatement> Related,
    IReadOnlyList<CorrectionNote> Corrections,
    DateTimeOffset? RetractedAt,
    string? RetractionReason)
{
    public bool IsRetracted => Status == StatementStatus.Retracted;

    public TranslationLink? TranslationIn(string culture) =>
        Translations.FirstOrDefault(t => string.Equals(t.Culture, culture, StringComparison.Ordinal));
}

public sealed partial class StatementQueries
{
    /// <summary>
    /// What a public URL /{lang}/statements/{slug} points at. Drafts and statements in review are never found;
    /// an old slug or the other language's slug redirects to this language's current one.
    /// </summary>
    public async Task<StatementSlugResolution> ResolveAsync(string lang, string slug, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 200)
            return StatementSlugResolution.None;

        var translations = new List<SlugRow>();
        await foreach (var row in BySlug.For(db)(db, slug).WithCancellation(ct))
            translations.Add(row);
        if (translations.Any(t => t.Culture == lang))
            return new StatementSlugResolution(SlugMatch.Current, translations.First(t => t.Culture == lang).StatementId);

        Guid? statementId = translations.Count > 0 ? translations[0].StatementId : null;
        var fromHistory = false;
        if (statementId is null)
        {
            // Prefer the history of this language; an old slug of the other language is a fine hint too.
            var old = await db.StatementSlugHistory.AsNoTracking()
                .Where(h => h.Slug == slug)
                .Join(Public(db), h => h.StatementId, s => s.Id, (h, s) => h)
                .OrderBy(h => h.Culture == lang ? 0 : 1).ThenByDescending(h => h.ChangedAt)
                .Select(h => (Guid?)h.StatementId)
                .FirstOrDefaultAsync(ct);
            statementId = old;
            fromHistory = old is not null;
        }

        if (statementId is not { } id)
        {
            // Slugs are lower-case ASCII; a hand-typed capital letter should still land.
            var lower = slug.ToLowerInvariant();
            if (!string.Equals(lower, slug, StringComparison.Ordinal))
            {
                var resolved = await ResolveAsync(lang, lower, ct);
                return resolved.Match == SlugMatch.Current ? resolved with { Match = SlugMatch.Redirect, Slug = lower } : resolved;
            }

            return StatementSlugResolution.None;
        }

        var current = await db.StatementTranslations.AsNoTracking()
            .Where(t => t.StatementId == id)
            .Select(t => new { t.Culture, t.Slug })
            .ToListAsync(ct);
        var own = current.FirstOrDefault(t => t.Culture == lang);
        if (own is not null)
            return new StatementSlugResolution(SlugMatch.Redirect, id, own.Slug);
        if (fromHistory && current.Count > 0)
        {
            // The old URL of a statement that now has no text here: send it to the other language's live slug
            // under this prefix, which then says "not in this language".
            return new StatementSlugResolution(SlugMatch.Redirect, id, current.OrderBy(t => t.Culture, StringComparer.Ordinal).First().Slug);
        }

        return current.Count > 0 ? new StatementSlugResolution(SlugMatch.OtherLanguage, id) : StatementSlugResolution.None;
    }

    /// <summary>The statement page in <paramref name="lang"/>, or in the other language (flagged) when it has no text here.</summary>
    public async Task<StatementView?> PageAsync(Guid statementId, string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var row = await PageRow.For(db)(db, statementId, ct);
        if (row is null)
            return null;
        var translations = new List<PageText>();
        await foreach (var each in PageTexts.For(db)(db, statementId).WithCancellation(ct))
            translations.Add(each);
        if (translations.Count == 0)
            return null;

        var text = translations.FirstOrDefault(t => t.Culture == lang)
            ?? translations.OrderBy(t => t.Culture, StringComparer.Ordinal).First();
        var related = row.Related.Select(r =>
        {
            var t = r.Texts.FirstOrDefault(x => x.Culture == lang) ?? r.Texts.OrderBy(x => x.Culture, StringComparer.Ordinal).FirstOrDefault();
            return t is null ? null : new RelatedStatement(r.Id, t.Culture, t.Slug, t.Title, r.PublishedAt, r.Status, t.Culture == lang);
        }).OfType<RelatedStatement>().ToList();
        var updated = translations.Select(t => t.UpdatedAt).Append(row.UpdatedAt).Max();

        return new StatementView(
            row.Id,
            row.PublicId,
            text.Culture,
            text.Culture == lang,
            text.Slug,
            text.Title,
            text.Lead,
            text.Body,
            row.Status,
            row.PublishedAt ?? row.UpdatedAt,
            updated,
            row.PhotoPath,
            text.PhotoCaption,
            text.PhotoAlt,
            row.Rubric is null ? null : new TermLink(row.Rubric.Slug, row.Rubric.Name.In(lang)),
            row.Tags.Select(t => new TermLink(t.Slug, t.Name.In(lang))).ToList(),
            row.Campaign is null ? null : new CampaignLink(row.Campaign.Id, row.Campaign.Slug, row.Campaign.Title.In(lang)),
            new OrganisationFooter(row.Org.Slug, row.Org.Name.In(lang), row.Org.Description.In(lang), row.Org.WebsiteUrl),
            translations.OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new TranslationLink(t.Culture, t.Slug, t.Title)).ToList(),
            related,
            row.Corrections.OrderBy(c => c.At).Select(c => new CorrectionNote(c.At, c.Note.In(lang), c.Note.Has(lang) ? lang : Cultures.Other(lang))).ToList(),
            row.RetractedAt,
            row.RetractionReason.IsEmpty ? null : row.RetractionReason.In(lang));
    }

    private sealed record SlugRow(Guid StatementId, string Culture);

    private static readonly CompiledQuery<Func<BaqylauDbContext, string, IAsyncEnumerable<SlugRow>>> BySlug = new(() => EF.CompileAsyncQuery(
        (BaqylauDbContext db, string slug) => db.StatementTranslations.AsNoTracking()
            .Where(t => t.Slug == slug
                && (t.Statement!.Status == StatementStatus.Published || t.Statement.Status == StatementStatus.Corrected || t.Statement.Status == StatementStatus.Retracted))
            .Select(t => new SlugRow(t.StatementId, t.Culture))));

    private sealed record PageText(string Culture, string Slug, string Title, string Lead, string Body, string? PhotoCaption, string? PhotoAlt, DateTimeOffset UpdatedAt);

    private static readonly CompiledQuery<Func<BaqylauDbContext, Guid, IAsyncEnumerable<PageText>>> PageTexts = new(() => EF.CompileAsyncQuery(
        (BaqylauDbContext db, Guid id) => db.StatementTranslations.AsNoTracking().Where(t => t.StatementId == id)
            .Select(t => new PageText(t.Culture, t.Slug, t.Title, t.Lead, t.Body, t.PhotoCaption, t.PhotoAlt, t.UpdatedAt))));

    private sealed record PageTerm(string Slug, LocalizedText Name);

    private sealed record PageCampaign(Guid Id, string Slug, LocalizedText Title);

    private sealed record PageOrganisation(string Slug, LocalizedText Name, LocalizedText Description, string? WebsiteUrl);

    private sealed record PageRelatedText(string Culture, string Slug, string Title);

    private sealed record PageRelated(Guid Id, DateTimeOffset? PublishedAt, StatementStatus Status, List<PageRelatedText> Texts);

    private sealed record PageRowData(
        Guid Id, string PublicId, StatementStatus Status, DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt, string? PhotoPath,
        List<StatementCorrection> Corrections, DateTimeOffset? RetractedAt, LocalizedText RetractionReason, PageTerm? Rubric,
        List<PageTerm> Tags, PageCampaign? Campaign, PageOrganisation Org, List<PageRelated> Related);

    // One query for the statement and its small lists (tags, "Read also"); its texts (with the bodies, which a single
    // query would repeat on every row of the lists) come in a second.
    private static readonly CompiledQuery<Func<BaqylauDbContext, Guid, CancellationToken, Task<PageRowData?>>> PageRow = new(() => EF.CompileAsyncQuery(
        (BaqylauDbContext db, Guid id, CancellationToken ct) => db.Statements.AsNoTracking()
            .Where(s => s.Id == id
                && (s.Status == StatementStatus.Published || s.Status == StatementStatus.Corrected || s.Status == StatementStatus.Retracted))
            .Select(s => new PageRowData(
                s.Id,
                s.PublicId,
                s.Status,
                s.PublishedAt,
                s.UpdatedAt,
                s.PhotoPath,
                s.Corrections,
                s.RetractedAt,
                s.RetractionReason,
                s.Rubric != null ? new PageTerm(s.Rubric.Slug, s.Rubric.Name) : null,
                s.Tags.OrderBy(t => t.Slug).Select(t => new PageTerm(t.Slug, t.Name)).ToList(),
                s.Campaign != null ? new PageCampaign(s.Campaign.Id, s.Campaign.Slug, s.Campaign.Title) : null,
                new PageOrganisation(s.Organisation!.Slug, s.Organisation.Name, s.Organisation.Description, s.Organisation.WebsiteUrl),
                s.Related
                    .Where(r => r.RelatedStatement!.Status == StatementStatus.Published || r.RelatedStatement.Status == StatementStatus.Corrected
                        || r.RelatedStatement.Status == StatementStatus.Retracted)
                    .OrderBy(r => r.Position)
                    .Select(r => new PageRelated(r.RelatedStatement!.Id, r.RelatedStatement.PublishedAt, r.RelatedStatement.Status,
                        r.RelatedStatement.Translations.Select(t => new PageRelatedText(t.Culture, t.Slug, t.Title)).ToList()))
                    .ToList()))
            .AsSingleQuery()
            .FirstOrDefault()));
}
