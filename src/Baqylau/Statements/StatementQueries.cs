using Baqylau.Data;
using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

public sealed record StatementListItem(
    string PublicId,
    string? Slug,
    string Title,
    string Lead,
    DateTimeOffset? PublishedAt,
    string OrganisationName,
    StatementStatus Status,
    bool InRequestedLanguage)
{
    /// <summary>Language of <see cref="Title"/> and <see cref="Slug"/>: the requested one, or the other when it has no text.</summary>
    public string TextLanguage { get; init; } = Cultures.Default;

    public string? Rubric { get; init; }

    public DateTimeOffset? RetractedAt { get; init; }
}


/// <summary>Read-side projections of statements for public pages, feeds and the sitemap. Only public statements, ever.</summary>
public sealed partial class StatementQueries(ReadDbContextFactory reads)
{
    private static readonly StatementStatus[] PublicStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];

    private static IQueryable<Statement> Public(BaqylauDbContext db) => db.Statements.AsNoTracking().Where(s => PublicStatuses.Contains(s.Status));

    /// <summary>Whether a public statement (published, corrected or retracted) has one of these photos; a draft's is staff-only.</summary>
    public async Task<bool> ShowsPhotoAsync(IReadOnlyList<string> photoPaths, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        return await Public(db).AnyAsync(s => s.PhotoPath != null && photoPaths.Contains(s.PhotoPath), ct);
    }

    /// <summary>Published statements, newest first; a statement without this language's text shows the other language, flagged.</summary>
    public Task<PagedResult<StatementListItem>> PublishedAsync(string lang, int page, int pageSize, CancellationToken ct = default) =>
        PublishedAsync(lang, StatementFilter.None, page, pageSize, ct);

    /// <summary>
    /// Published statements matching <paramref name="filter"/>, newest first (retracted ones included: they stay
    /// on record). Pass a filter already checked by <see cref="StatementFilterOptions.Accept"/>.
    /// </summary>
    public async Task<PagedResult<StatementListItem>> PublishedAsync(string lang, StatementFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        ArgumentNullException.ThrowIfNull(filter);
        page = Math.Max(1, page);
        var query = Apply(Public(db), filter);
        var total = await query.CountAsync(ct);
        // A page past the end shows the last one rather than an empty list.
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Min(page, pageCount);
        // The page's rows first, then their texts by id: picking "this language, else the first" inside one query
        // made PostgreSQL number every translation of every statement on each request.
        var rows = await query
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new
            {
                s.Id,
                s.PublicId,
                s.PublishedAt,
                s.Status,
                s.RetractedAt,
                Org = s.Organisation!.ShortName,
                Rubric = s.Rubric != null ? s.Rubric.Name : null,
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var texts = (await db.StatementTranslations.AsNoTracking().Where(t => ids.Contains(t.StatementId))
                .Select(t => new { t.StatementId, t.Culture, t.Slug, t.Title, t.Lead }).ToListAsync(ct))
            .ToLookup(t => t.StatementId);
        var items = rows.Select(r =>
        {
            var own = texts[r.Id].FirstOrDefault(t => t.Culture == lang);
            var t = own ?? texts[r.Id].OrderBy(x => x.Culture, StringComparer.Ordinal).FirstOrDefault();
            return new StatementListItem(r.PublicId, t?.Slug, t?.Title ?? string.Empty, t?.Lead ?? string.Empty, r.PublishedAt,
                r.Org.In(lang), r.Status, own is not null)
            {
                TextLanguage = t?.Culture ?? lang,
                Rubric = r.Rubric?.In(lang),
                RetractedAt = r.RetractedAt,
            };
        }).ToList();
        return new PagedResult<StatementListItem>(items, total, page, pageSize);
    }

    /// <summary>The choices the list's filter form offers: only values that have public statements behind them.</summary>
    public async Task<StatementFilterOptions> FilterOptionsAsync(string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        // Each list asks "has any public statement?" per entry (an index probe each) rather than collecting the
        // distinct values of every public statement.
        var rubrics = await db.Rubrics.AsNoTracking()
            .Where(r => db.Statements.Any(s => s.RubricId == r.Id && PublicStatuses.Contains(s.Status)))
            .Select(r => new { r.Slug, r.Name, r.SortOrder }).ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => db.Statements.Any(s => s.CampaignId == c.Id && PublicStatuses.Contains(s.Status)))
            .Select(c => new { c.Slug, c.Title, c.VotingDay }).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking()
            .Where(o => db.Statements.Any(s => s.OrganisationId == o.Id && PublicStatuses.Contains(s.Status)))
            .Select(o => new { o.Slug, o.ShortName }).ToListAsync(ct);
        var tags = await db.Tags.AsNoTracking()
            .Where(t => t.Statements.Any(s => PublicStatuses.Contains(s.Status)))
            .Select(t => new { t.Slug, t.Name }).ToListAsync(ct);
        // The year a reader sees on the dateline: Kazakhstan time, not UTC.
        var zone = Datelines.Kazakhstan.Id;
        var (published, corrected, retracted) = ((int)StatementStatus.Published, (int)StatementStatus.Corrected, (int)StatementStatus.Retracted);
        var years = await db.Database.SqlQuery<int>(
                $"""
                SELECT DISTINCT extract(year FROM "PublishedAt" AT TIME ZONE {zone})::int AS "Value"
                FROM "Statements" WHERE "Status" IN ({published}, {corrected}, {retracted}) AND "PublishedAt" IS NOT NULL
                """)
            .ToListAsync(ct);

        return new StatementFilterOptions(
            rubrics.OrderBy(r => r.SortOrder).ThenBy(r => r.Slug, StringComparer.Ordinal).Select(r => new FilterOption(r.Slug, r.Name.In(lang))).ToList(),
            campaigns.OrderByDescending(c => c.VotingDay).Select(c => new FilterOption(c.Slug, c.Title.In(lang))).ToList(),
            organisations.Select(o => new FilterOption(o.Slug, o.ShortName.In(lang))).OrderBy(o => o.Label, StringComparer.Create(Cultures.Get(lang), false)).ToList(),
            tags.Select(t => new FilterOption(t.Slug, t.Name.In(lang))).OrderBy(t => t.Label, StringComparer.Create(Cultures.Get(lang), false)).ToList(),
            years.OrderDescending().ToList());
    }

    private static IQueryable<Statement> Apply(IQueryable<Statement> query, StatementFilter filter)
    {
        if (filter.Rubric is { } rubric)
            query = query.Where(s => s.Rubric != null && s.Rubric.Slug == rubric);
        if (filter.Campaign is { } campaign)
            query = query.Where(s => s.Campaign != null && s.Campaign.Slug == campaign);
        if (filter.Organisation is { } organisation)
            query = query.Where(s => s.Organisation!.Slug == organisation);
        if (filter.Tag is { } tag)
            query = query.Where(s => s.Tags.Any(t => t.Slug == tag));
        if (filter.Year is { } year)
        {
            var (from, to) = YearBounds(year);
            query = query.Where(s => s.PublishedAt >= from && s.PublishedAt < to);
        }

        return query;
    }

    /// <summary>The year as Kazakhstan lives it, in UTC instants for the timestamptz column.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) YearBounds(int year)
    {
        static DateTimeOffset StartOf(int y) =>
            new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), Datelines.Kazakhstan), TimeSpan.Zero);
        return (StartOf(year), StartOf(year + 1));
    }
}

/// <summary>Filters of the public statement list; null means "any". Values come from the query string.</summary>
public sealed record StatementFilter(string? Rubric = null, string? Campaign = null, string? Organisation = null, int? Year = null, string? Tag = null)
{
    public static StatementFilter None { get; } = new();

    public bool IsEmpty => Rubric is null && Campaign is null && Organisation is null && Year is null && Tag is null;

    /// <summary>The filter as query-string pairs, in a fixed order so equal filters give equal (cacheable) URLs.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        if (Rubric is not null)
            yield return new("rubric", Rubric);
        if (Campaign is not null)
            yield return new("campaign", Campaign);
        if (Organisation is not null)
            yield return new("organisation", Organisation);
        if (Year is { } year)
            yield return new("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Tag is not null)
            yield return new("tag", Tag);
    }
}

public sealed record StatementFilterOptions(
    IReadOnlyList<FilterOption> Rubrics,
    IReadOnlyList<FilterOption> Campaigns,
    IReadOnlyList<FilterOption> Organisations,
    IReadOnlyList<FilterOption> Tags,
    IReadOnlyList<int> Years)
{
    /// <summary>Keeps only values the form could have sent: a hand-edited or stale value is dropped, never an error.</summary>
    public StatementFilter Accept(string? rubric, string? campaign, string? organisation, string? year, string? tag)
    {
        static string? Known(IReadOnlyList<FilterOption> options, string? value) =>
            value is not null && options.Any(o => string.Equals(o.Value, value, StringComparison.Ordinal)) ? value : null;

        int? y = int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && Years.Contains(n) ? n : null;
        return new StatementFilter(Known(Rubrics, rubric), Known(Campaigns, campaign), Known(Organisations, organisation), y, Known(Tags, tag));
    }

    public FilterOption? Find(IReadOnlyList<FilterOption> options, string? slug) =>
        slug is null ? null : options.FirstOrDefault(o => string.Equals(o.Value, slug, StringComparison.Ordinal));
}
