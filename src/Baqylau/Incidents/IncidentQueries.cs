using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Baqylau.Incidents;

public sealed record IncidentListItem(
    string PublicId,
    string Title,
    FuzzyDate Occurred,
    string Category,
    string? Region,
    string Organisation,
    VerificationStatus Verification);

/// <summary>A choice in a filter list: the URL value and its label in the reader's language.</summary>
public sealed record FilterOption(string Value, string Label);

/// <summary>What the filter form offers: only taxonomy entries and years that exist.</summary>
public sealed record TimelineOptions(
    IReadOnlyList<FilterOption> Campaigns,
    IReadOnlyList<FilterOption> Organisations,
    IReadOnlyList<FilterOption> Categories,
    IReadOnlyList<FilterOption> Actors,
    IReadOnlyList<FilterOption> Regions,
    int? FirstYear,
    int? LastYear);

/// <summary>Counts behind the timeline charts, for the current filter.</summary>
public sealed record IncidentCharts(
    IReadOnlyList<int> Years,
    IReadOnlyList<ChartSeries> ByCategory,
    int Undated,
    IReadOnlyList<ChartBar> ByRegion)
{
    public int Total => ByCategory.Sum(s => s.Counts.Sum() + s.Undated);
}

/// <summary>One category's counts, one per year of <see cref="IncidentCharts.Years"/>.</summary>
public sealed record ChartSeries(string Key, string Label, IReadOnlyList<int> Counts, int Undated);

public sealed record ChartBar(string? Key, string Label, int Count);

/// <summary>
/// Read-side projections of public incidents (AsNoTracking, projections only). No query here reads the
/// internal part or evidence files: they are not in <see cref="PublicIncident"/> at all.
/// </summary>
public sealed class IncidentQueries(BaqylauDbContext db, IncidentAggregateCache aggregates)
{
    // Read once per scope (a public request): every aggregate of one page belongs to the same data version.
    private long? dataVersion;

    public const int MaxPageSize = 100;

    /// <summary>Most rows one CSV export holds; a bigger log should be filtered or read through the API.</summary>
    public const int MaxExportRows = 10_000;

    private static readonly StatementStatus[] PublicStatementStatuses =
        [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];

    /// <summary>Public incidents, newest first, undated ones last (the home page's short list).</summary>
    public async Task<IReadOnlyList<IncidentListItem>> PublicTimelineAsync(string lang, int take, CancellationToken ct = default)
    {
        var rows = await Ordered(Public())
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

    /// <summary>One page of the filtered timeline after <paramref name="after"/> (keyset on sort key and id), with the total count.</summary>
    public async Task<TimelinePage> TimelineAsync(IncidentFilter filter, KeysetCursor? after, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var filtered = Filtered(filter);
        var total = await CachedAsync("count", string.Empty, filter, async () => new Total(await filtered.CountAsync(ct)), ct);
        var rows = await Project(Ordered(After(filtered, after)).Take(pageSize + 1)).ToListAsync(ct);
        var items = rows.Take(pageSize).Select(ToPublic).ToList();
        var next = rows.Count > pageSize ? IncidentTimeline.CursorOf(items[^1]) : (KeysetCursor?)null;
        return new TimelinePage(items, total.Count, next);
    }

    /// <summary>Every matching incident in timeline order, up to <see cref="MaxExportRows"/> (CSV).</summary>
    public async Task<IReadOnlyList<PublicIncident>> ExportAsync(IncidentFilter filter, CancellationToken ct = default)
    {
        var rows = await Project(Ordered(Filtered(filter)).Take(MaxExportRows)).ToListAsync(ct);
        return rows.Select(ToPublic).ToList();
    }

    /// <summary>The most recently logged matching incidents, newest first (Atom feed).</summary>
    public async Task<IReadOnlyList<PublicIncident>> RecentlyRecordedAsync(IncidentFilter filter, int take, CancellationToken ct = default)
    {
        var query = Filtered(filter).OrderByDescending(i => i.RecordedAt).ThenByDescending(i => i.Id).Take(Math.Clamp(take, 1, MaxPageSize));
        var rows = await Project(query).ToListAsync(ct);
        return rows.Select(ToPublic).ToList();
    }

    /// <summary>A public incident by its permalink id; null when unknown or internal.</summary>
    public async Task<PublicIncident?> PublicDetailAsync(string publicId, CancellationToken ct = default)
    {
        if (!ShortId.IsWellFormed(publicId))
            return null;
        var row = await Project(Public().Where(i => i.PublicId == publicId)).FirstOrDefaultAsync(ct);
        return row is null ? null : ToPublic(row);
    }

    /// <summary>Filter choices in the reader's language: live taxonomy entries and the years incidents span.</summary>
    public Task<TimelineOptions> OptionsAsync(string lang, CancellationToken ct = default) =>
        CachedAsync("options", lang, IncidentFilter.None, () => LoadOptionsAsync(lang, ct), ct);

    private async Task<TimelineOptions> LoadOptionsAsync(string lang, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.VotingDay)
            .Select(c => new { c.Slug, c.Title }).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => !o.IsArchived)
            .Select(o => new { o.Slug, o.ShortName }).ToListAsync(ct);
        var categories = await db.IncidentCategories.AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.SortOrder)
            .Select(c => new { c.Slug, c.Name }).ToListAsync(ct);
        var actors = await db.IncidentActors.AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.SortOrder)
            .Select(c => new { c.Slug, c.Name }).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder)
            .Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var dated = Public().Where(i => i.OccurredSortKey != null);
        var first = await dated.MinAsync(i => (DateTime?)i.OccurredSortKey, ct);
        var last = await dated.MaxAsync(i => (DateOnly?)i.OccurredEndDay, ct);
        return new TimelineOptions(
            campaigns.Select(c => new FilterOption(c.Slug, c.Title.In(lang))).ToList(),
            organisations.Select(o => new FilterOption(o.Slug, o.ShortName.In(lang))).OrderBy(o => o.Label, StringComparer.Create(Localization.Cultures.Get(lang), true)).ToList(),
            categories.Select(c => new FilterOption(c.Slug, c.Name.In(lang))).ToList(),
            actors.Select(c => new FilterOption(c.Slug, c.Name.In(lang))).ToList(),
            regions.Select(r => new FilterOption(r.Code, r.Name.In(lang))).ToList(),
            first?.Year,
            last?.Year);
    }

    /// <summary>Counts for the charts: per start year and category (undated apart), and per region.</summary>
    public Task<IncidentCharts> ChartsAsync(IncidentFilter filter, string lang, CancellationToken ct = default) =>
        CachedAsync("charts", lang, filter, () => LoadChartsAsync(filter, lang, ct), ct);

    private async Task<IncidentCharts> LoadChartsAsync(IncidentFilter filter, string lang, CancellationToken ct)
    {
        var filtered = Filtered(filter);
        var perYear = await filtered
            .GroupBy(i => new { Year = i.OccurredSortKey == null ? (int?)null : i.OccurredSortKey.Value.Year, i.CategoryId })
            .Select(g => new { g.Key.Year, g.Key.CategoryId, Count = g.Count() })
            .ToListAsync(ct);
        var perRegion = await filtered
            .GroupBy(i => i.RegionId)
            .Select(g => new { RegionId = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        var categoryIds = perYear.Select(r => r.CategoryId).Distinct().ToList();
        var categories = await db.IncidentCategories.AsNoTracking().Where(c => categoryIds.Contains(c.Id))
            .OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.Slug, c.Name }).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.Code, r.Name }).ToDictionaryAsync(r => r.Id, ct);

        var datedYears = perYear.Where(r => r.Year is not null).Select(r => r.Year!.Value).ToList();
        // Every year between the first and the last, so a quiet year shows as a gap rather than vanishing.
        IReadOnlyList<int> years = datedYears.Count == 0 ? [] : Enumerable.Range(datedYears.Min(), datedYears.Max() - datedYears.Min() + 1).ToList();
        var series = categories
            .Select(c => new ChartSeries(c.Slug, c.Name.In(lang),
                years.Select(y => perYear.Where(r => r.CategoryId == c.Id && r.Year == y).Sum(r => r.Count)).ToList(),
                perYear.Where(r => r.CategoryId == c.Id && r.Year == null).Sum(r => r.Count)))
            .Where(s => s.Undated > 0 || s.Counts.Any(n => n > 0))
            .ToList();
        var undated = perYear.Where(r => r.Year is null).Sum(r => r.Count);
        var byRegion = perRegion
            .Select(r => r.RegionId is { } id && regions.TryGetValue(id, out var region)
                ? new ChartBar(region.Code, region.Name.In(lang), r.Count)
                : new ChartBar(null, string.Empty, r.Count))
            .OrderByDescending(b => b.Count).ThenBy(b => b.Key is null).ThenBy(b => b.Label, StringComparer.Ordinal)
            .ToList();
        return new IncidentCharts(years, series, undated, byRegion);
    }

    private async Task<T> CachedAsync<T>(string kind, string lang, IncidentFilter filter, Func<Task<T>> load, CancellationToken ct)
        where T : class
    {
        dataVersion ??= await db.Database
            .SqlQueryRaw<long>("SELECT \"Version\" AS \"Value\" FROM \"PublicDataVersions\" WHERE \"Id\" = 1")
            .SingleAsync(ct);
        return await aggregates.GetOrLoadAsync(dataVersion.Value, $"{kind}|{lang}|{filter}", load);
    }

    private sealed record Total(int Count);

    private IQueryable<Incident> Public() =>
        db.Incidents.AsNoTracking().Where(i => i.Visibility == IncidentVisibility.Public);

    /// <summary>Public incidents narrowed by every filter that is set.</summary>
    public IQueryable<Incident> Filtered(IncidentFilter filter)
    {
        var q = Public();
        if (filter.Campaign is { } campaign)
            q = q.Where(i => i.Campaign!.Slug == campaign);
        if (filter.Organisation is { } organisation)
            q = q.Where(i => i.Organisation!.Slug == organisation);
        if (filter.Category is { } category)
            q = q.Where(i => i.Category!.Slug == category);
        if (filter.Actor is { } actor)
            q = q.Where(i => i.Actor!.Slug == actor);
        if (filter.Region is { } region)
            q = q.Where(i => i.Region!.Code == region);
        if (filter.Status is { } status)
            q = q.Where(i => i.Verification == status);
        // A fuzzy date is a period: keep it when the period overlaps the years asked for. Undated incidents
        // cannot be placed in any year, so a year filter leaves them out.
        if (filter.FromYear is { } from)
        {
            var firstDay = new DateOnly(from, 1, 1);
            q = q.Where(i => i.OccurredEndDay >= firstDay);
        }

        if (filter.ToYear is { } to)
        {
            var afterLast = new DateTime(to + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            var undated = Incident.UndatedTimelineKey;
            q = q.Where(i => i.TimelineKey < afterLast && i.TimelineKey > undated);
        }

        if (filter.Query is { } text)
            q = Search(q, text);
        return q;
    }

    /// <summary>
    /// Matches either language's text whatever language the reader typed: Russian word forms on ru rows
    /// (websearch_to_tsquery 'russian'), Kazakh prefixes on kk rows ('simple'), and, for Kazakh typed on a
    /// Russian keyboard, every folded word as a substring of the folded column (trigram-indexed ILIKE).
    /// </summary>
    private static IQueryable<Incident> Search(IQueryable<Incident> q, string text)
    {
        var prefix = IncidentSearchText.PrefixTsQuery(text);
        var folded = IncidentSearchText.FoldedPatterns(text);
        var hasFolded = folded.Count > 0;
        // Fixed slots keep the SQL shape (and its cached plan) stable; unused slots are null and drop out.
        var f1 = folded.ElementAtOrDefault(0);
        var f2 = folded.ElementAtOrDefault(1);
        var f3 = folded.ElementAtOrDefault(2);
        var f4 = folded.ElementAtOrDefault(3);
        if (prefix is null)
            return q.Where(_ => false);

        return q.Where(i => i.Translations.Any(t =>
            (t.Culture == Localization.Cultures.Russian
                && EF.Property<NpgsqlTsVector>(t, SearchColumns.Vector).Matches(EF.Functions.WebSearchToTsQuery("russian", text)))
            || (t.Culture == Localization.Cultures.Kazakh
                && EF.Property<NpgsqlTsVector>(t, SearchColumns.Vector).Matches(EF.Functions.ToTsQuery("simple", prefix)))
            || (hasFolded
                && (f1 == null || EF.Functions.ILike(EF.Property<string>(t, SearchColumns.Folded), f1))
                && (f2 == null || EF.Functions.ILike(EF.Property<string>(t, SearchColumns.Folded), f2))
                && (f3 == null || EF.Functions.ILike(EF.Property<string>(t, SearchColumns.Folded), f3))
                && (f4 == null || EF.Functions.ILike(EF.Property<string>(t, SearchColumns.Folded), f4)))));
    }

    /// <summary>Timeline order: dated first, newest start first, then id; undated last.</summary>
    private static IOrderedQueryable<Incident> Ordered(IQueryable<Incident> q) =>
        q.OrderByDescending(i => i.TimelineKey).ThenByDescending(i => i.Id);

    /// <summary>Rows strictly after the cursor in timeline order.</summary>
    private static IQueryable<Incident> After(IQueryable<Incident> q, KeysetCursor? after)
    {
        if (after is not { } cursor)
            return q;
        var id = cursor.Id;
        DateTime key;
        if (cursor.Key is not { } ticks)
            key = Incident.UndatedTimelineKey;
        else if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            return q.Where(_ => false);
        else
            key = new DateTime(ticks, DateTimeKind.Unspecified);
        // A row-value comparison, so PostgreSQL starts the index scan right at the cursor.
        return q.Where(i => EF.Functions.LessThan(ValueTuple.Create(i.TimelineKey, i.Id), ValueTuple.Create(key, id)));
    }

    private static IQueryable<Row> Project(IQueryable<Incident> q) =>
        q.Select(i => new Row
        {
            Id = i.Id,
            PublicId = i.PublicId,
            Texts = i.Translations.OrderBy(t => t.Culture).Select(t => new TextRow(t.Culture, t.Title, t.Description)).ToList(),
            Occurred = i.Occurred,
            SortKey = i.OccurredSortKey,
            RecordedAt = i.RecordedAt,
            UpdatedAt = i.UpdatedAt,
            CategorySlug = i.Category!.Slug,
            CategoryName = i.Category.Name,
            ActorSlug = i.Actor != null ? i.Actor.Slug : null,
            ActorName = i.Actor != null ? i.Actor.Name : null,
            RegionCode = i.Region != null ? i.Region.Code : null,
            RegionName = i.Region != null ? i.Region.Name : null,
            Settlement = i.Settlement,
            PollingStation = i.PollingStation,
            Verification = i.Verification,
            History = i.VerificationHistory.OrderBy(e => e.At).Select(e => new VerificationStep(e.Status, e.At)).ToList(),
            Sources = i.Sources.OrderBy(s => s.Kind).ThenBy(s => s.Id)
                .Select(s => new PublicSource(s.Kind, s.Url, s.Title, s.AccessedOn, s.ArchiveUrl)).ToList(),
            OrganisationSlug = i.Organisation!.Slug,
            OrganisationName = i.Organisation.Name,
            OrganisationShortName = i.Organisation.ShortName,
            CampaignSlug = i.Campaign != null ? i.Campaign.Slug : null,
            CampaignTitle = i.Campaign != null ? i.Campaign.Title : null,
            Statements = i.Statements.Where(s => PublicStatementStatuses.Contains(s.Status))
                .OrderByDescending(s => s.PublishedAt)
                .Select(s => new StatementRow
                {
                    PublicId = s.PublicId,
                    Status = s.Status,
                    PublishedAt = s.PublishedAt,
                    Texts = s.Translations.OrderBy(t => t.Culture).Select(t => new RelatedStatementText(t.Culture, t.Slug, t.Title)).ToList(),
                })
                .ToList(),
        }).AsSplitQuery();

    private static PublicIncident ToPublic(Row r) => new()
    {
        Id = r.Id,
        PublicId = r.PublicId,
        Texts = r.Texts.ToDictionary(t => t.Culture, t => new IncidentText(t.Title, t.Description), StringComparer.Ordinal),
        Occurred = r.Occurred,
        SortKey = r.SortKey,
        RecordedAt = r.RecordedAt,
        UpdatedAt = r.UpdatedAt,
        Category = new NamedRef(r.CategorySlug, r.CategoryName),
        Actor = r.ActorSlug is null ? null : new NamedRef(r.ActorSlug, r.ActorName!),
        Region = r.RegionCode is null ? null : new NamedRef(r.RegionCode, r.RegionName!),
        Settlement = r.Settlement,
        PollingStation = r.PollingStation,
        Verification = r.Verification,
        History = r.History,
        Sources = r.Sources,
        Organisation = new OrganisationRef(r.OrganisationSlug, r.OrganisationName, r.OrganisationShortName),
        Campaign = r.CampaignSlug is null ? null : new NamedRef(r.CampaignSlug, r.CampaignTitle!),
        Statements = r.Statements.Select(s => new RelatedStatement(s.PublicId, s.Status, s.PublishedAt, s.Texts)).ToList(),
    };

    private sealed record TextRow(string Culture, string Title, string Description);

    private sealed class StatementRow
    {
        public required string PublicId { get; init; }

        public StatementStatus Status { get; init; }

        public DateTimeOffset? PublishedAt { get; init; }

        public required List<RelatedStatementText> Texts { get; init; }
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public required string PublicId { get; init; }

        public required List<TextRow> Texts { get; init; }

        public required FuzzyDate Occurred { get; init; }

        public DateTime? SortKey { get; init; }

        public DateTimeOffset RecordedAt { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public required string CategorySlug { get; init; }

        public required Common.LocalizedText CategoryName { get; init; }

        public string? ActorSlug { get; init; }

        public Common.LocalizedText? ActorName { get; init; }

        public string? RegionCode { get; init; }

        public Common.LocalizedText? RegionName { get; init; }

        public string? Settlement { get; init; }

        public string? PollingStation { get; init; }

        public VerificationStatus Verification { get; init; }

        public required List<VerificationStep> History { get; init; }

        public required List<PublicSource> Sources { get; init; }

        public required string OrganisationSlug { get; init; }

        public required Common.LocalizedText OrganisationName { get; init; }

        public required Common.LocalizedText OrganisationShortName { get; init; }

        public string? CampaignSlug { get; init; }

        public Common.LocalizedText? CampaignTitle { get; init; }

        public required List<StatementRow> Statements { get; init; }
    }
}
