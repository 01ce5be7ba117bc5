using System.Linq.Expressions;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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

/// <summary>How much of each incident a read needs: a timeline row's title and labels, or everything public.</summary>
public enum IncidentDetail
{
    /// <summary>Titles (no descriptions), date, labels and status: what a timeline row shows.</summary>
    Summary,

    /// <summary>Everything in <see cref="PublicIncident"/>: texts, sources, verification history, statements.</summary>
    Full,
}

/// <summary>
/// Read-side projections of public incidents (AsNoTracking, projections only). No query here reads the
/// internal part or evidence files: they are not in <see cref="PublicIncident"/> at all.
/// Each read is a few plain queries: the page's rows from the incidents table alone (its index gives the order),
/// then their texts and lists by id. Names of categories, actors, regions, organisations and campaigns come from
/// a small snapshot kept per public data version, not from joins: with joins, PostgreSQL spent far longer planning
/// each query than running it.
/// </summary>
public sealed class IncidentQueries(ReadDbContextFactory reads, IncidentAggregateCache aggregates)
{
    // Read once per scope (a public request): every aggregate of one page belongs to the same data version.
    private long? dataVersion;
    private IncidentLookups? lookups;

    public const int MaxPageSize = 100;

    /// <summary>Most rows one CSV export holds; a bigger log should be filtered or read through the API.</summary>
    public const int MaxExportRows = 10_000;

    /// <summary>Public incidents, newest first, undated ones last (the home page's short list).</summary>
    public async Task<IReadOnlyList<IncidentListItem>> PublicTimelineAsync(string lang, int take, CancellationToken ct = default)
    {
        var page = await TimelineAsync(IncidentFilter.None, null, take, IncidentDetail.Summary, ct);
        return page.Items.Select(i => new IncidentListItem(i.PublicId, i.Title(lang), i.Occurred, i.Category.Name.In(lang),
            i.Region?.Name.In(lang), i.Organisation.ShortName.In(lang), i.Verification)).ToList();
    }

    /// <summary>One page of the filtered timeline after <paramref name="after"/> (keyset on sort key and id), with the total count.</summary>
    public Task<TimelinePage> TimelineAsync(IncidentFilter filter, KeysetCursor? after, int pageSize, CancellationToken ct = default) =>
        TimelineAsync(filter, after, pageSize, IncidentDetail.Full, ct);

    /// <inheritdoc cref="TimelineAsync(IncidentFilter, KeysetCursor?, int, CancellationToken)"/>
    public async Task<TimelinePage> TimelineAsync(IncidentFilter filter, KeysetCursor? after, int pageSize, IncidentDetail detail, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await reads.CreateDbContextAsync(ct);
        var filtered = await FilteredAsync(db, filter, ct);
        var total = await CachedAsync(db, "count", string.Empty, filter, async () => new Total(await filtered.CountAsync(ct)), ct);
        List<PublicIncident> rows;
        if (!filter.IsEmpty)
            rows = await LoadAsync(db, Ordered(After(filtered, after)).Take(pageSize + 1), detail, ct);
        else if (after is null)
            rows = await LoadAsync(db, PublicIncidentReader.FirstPage.For(db)(db, pageSize + 1), detail, ct);
        else if (CursorKey(after.Value) is { } key)
            rows = await LoadAsync(db, PublicIncidentReader.PageAfter.For(db)(db, key, after.Value.Id, pageSize + 1), detail, ct);
        else
            rows = [];
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? TimelineRules.CursorOf(items[^1]) : (KeysetCursor?)null;
        return new TimelinePage(items, total.Count, next);
    }

    /// <summary>Every matching incident in timeline order, up to <see cref="MaxExportRows"/> (CSV).</summary>
    public async Task<IReadOnlyList<PublicIncident>> ExportAsync(IncidentFilter filter, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        return await LoadAsync(db, Ordered(await FilteredAsync(db, filter, ct)).Take(MaxExportRows), IncidentDetail.Full, ct);
    }

    /// <summary>The most recently logged matching incidents, newest first (Atom feed).</summary>
    public async Task<IReadOnlyList<PublicIncident>> RecentlyRecordedAsync(IncidentFilter filter, int take, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var query = (await FilteredAsync(db, filter, ct)).OrderByDescending(i => i.RecordedAt).ThenByDescending(i => i.Id).Take(Math.Clamp(take, 1, MaxPageSize));
        return await LoadAsync(db, query, IncidentDetail.Full, ct);
    }

    /// <summary>A public incident by its permalink id; null when unknown or internal.</summary>
    public async Task<PublicIncident?> PublicDetailAsync(string publicId, CancellationToken ct = default)
    {
        if (!ShortId.IsWellFormed(publicId))
            return null;
        await using var db = await reads.CreateDbContextAsync(ct);
        var rows = await LoadAsync(db, PublicIncidentReader.ByPublicId.For(db)(db, publicId), IncidentDetail.Full, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Public incidents by permalink id, in full, in the order given (unknown and internal ids are left out):
    /// one set of queries for many pages, as the static export renders them.
    /// </summary>
    public async Task<IReadOnlyList<PublicIncident>> PublicDetailsAsync(IReadOnlyCollection<string> publicIds, CancellationToken ct = default)
    {
        var wellFormed = publicIds.Where(ShortId.IsWellFormed).Distinct(StringComparer.Ordinal).ToList();
        if (wellFormed.Count == 0)
            return [];
        await using var db = await reads.CreateDbContextAsync(ct);
        var rows = await LoadAsync(db, Public(db).Where(i => wellFormed.Contains(i.PublicId)), IncidentDetail.Full, ct);
        var byId = rows.ToDictionary(r => r.PublicId, StringComparer.Ordinal);
        return publicIds.Select(id => byId.GetValueOrDefault(id)).OfType<PublicIncident>().ToList();
    }

    /// <summary>Permalink ids of every public incident in timeline order, after <paramref name="after"/> (the static export walks them).</summary>
    public async Task<IReadOnlyList<(string PublicId, KeysetCursor Cursor)>> PublicIdsAsync(KeysetCursor? after, int take, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var rows = await Ordered(After(Public(db), after)).Take(take)
            .Select(i => new { i.PublicId, i.OccurredSortKey, i.Id })
            .ToListAsync(ct);
        return rows.Select(r => (r.PublicId, new KeysetCursor(r.OccurredSortKey?.Ticks, r.Id))).ToList();
    }

    /// <summary>Filter choices in the reader's language: live taxonomy entries and the years incidents span.</summary>
    public async Task<TimelineOptions> OptionsAsync(string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        return await CachedAsync(db, "options", lang, IncidentFilter.None, () => LoadOptionsAsync(db, lang, ct), ct);
    }

    private async Task<TimelineOptions> LoadOptionsAsync(BaqylauDbContext db, string lang, CancellationToken ct)
    {
        var names = await LookupsAsync(db, ct);
        var dated = Public(db).Where(i => i.OccurredSortKey != null);
        var first = await dated.MinAsync(i => (DateTime?)i.OccurredSortKey, ct);
        var last = await dated.MaxAsync(i => (DateOnly?)i.OccurredEndDay, ct);
        return new TimelineOptions(
            names.CampaignList.OrderByDescending(c => c.VotingDay).Select(c => new FilterOption(c.Ref.Key, c.Ref.Name.In(lang))).ToList(),
            names.OrganisationList.Where(o => !o.IsArchived)
                .Select(o => new FilterOption(o.Ref.Slug, o.Ref.ShortName.In(lang)))
                .OrderBy(o => o.Label, StringComparer.Create(Localization.Cultures.Get(lang), true)).ToList(),
            names.CategoryList.Where(c => !c.IsArchived).Select(c => new FilterOption(c.Ref.Key, c.Ref.Name.In(lang))).ToList(),
            names.ActorList.Where(c => !c.IsArchived).Select(c => new FilterOption(c.Ref.Key, c.Ref.Name.In(lang))).ToList(),
            names.RegionList.Select(r => new FilterOption(r.Key, r.Name.In(lang))).ToList(),
            first?.Year,
            last?.Year);
    }

    /// <summary>Counts for the charts: per start year and category (undated apart), and per region.</summary>
    public async Task<IncidentCharts> ChartsAsync(IncidentFilter filter, string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        return await CachedAsync(db, "charts", lang, filter, () => LoadChartsAsync(db, filter, lang, ct), ct);
    }

    private async Task<IncidentCharts> LoadChartsAsync(BaqylauDbContext db, IncidentFilter filter, string lang, CancellationToken ct)
    {
        var filtered = await FilteredAsync(db, filter, ct);
        var perYear = await filtered
            .GroupBy(i => new { Year = i.OccurredSortKey == null ? (int?)null : i.OccurredSortKey.Value.Year, i.CategoryId })
            .Select(g => new { g.Key.Year, g.Key.CategoryId, Count = g.Count() })
            .ToListAsync(ct);
        var perRegion = await filtered
            .GroupBy(i => i.RegionId)
            .Select(g => new { RegionId = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        var names = await LookupsAsync(db, ct);
        var categoryIds = perYear.Select(r => r.CategoryId).ToHashSet();
        var categories = names.CategoryList.Where(c => categoryIds.Contains(c.Id)).ToList();

        var datedYears = perYear.Where(r => r.Year is not null).Select(r => r.Year!.Value).ToList();
        // Every year between the first and the last, so a quiet year shows as a gap rather than vanishing.
        IReadOnlyList<int> years = datedYears.Count == 0 ? [] : Enumerable.Range(datedYears.Min(), datedYears.Max() - datedYears.Min() + 1).ToList();
        var series = categories
            .Select(c => new ChartSeries(c.Ref.Key, c.Ref.Name.In(lang),
                years.Select(y => perYear.Where(r => r.CategoryId == c.Id && r.Year == y).Sum(r => r.Count)).ToList(),
                perYear.Where(r => r.CategoryId == c.Id && r.Year == null).Sum(r => r.Count)))
            .Where(s => s.Undated > 0 || s.Counts.Any(n => n > 0))
            .ToList();
        var undated = perYear.Where(r => r.Year is null).Sum(r => r.Count);
        var byRegion = perRegion
            .Select(r => r.RegionId is { } id && names.Regions.TryGetValue(id, out var region)
                ? new ChartBar(region.Key, region.Name.In(lang), r.Count)
                : new ChartBar(null, string.Empty, r.Count))
            .OrderByDescending(b => b.Count).ThenBy(b => b.Key is null).ThenBy(b => b.Label, StringComparer.Ordinal)
            .ToList();
        return new IncidentCharts(years, series, undated, byRegion);
    }

    private async Task<long> DataVersionAsync(BaqylauDbContext db, CancellationToken ct)
    {
        if (dataVersion is { } known)
            return known;
        // Read on every public incident request: plain SQL, one row.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("""SELECT "Version" FROM "PublicDataVersions" WHERE "Id" = 1""", (NpgsqlConnection)db.Database.GetDbConnection());
            dataVersion = (long)(await command.ExecuteScalarAsync(ct))!;
            return dataVersion.Value;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<T> CachedAsync<T>(BaqylauDbContext db, string kind, string lang, IncidentFilter filter, Func<Task<T>> load, CancellationToken ct)
        where T : class =>
        await aggregates.GetOrLoadAsync(await DataVersionAsync(db, ct), $"{kind}|{lang}|{filter}", load);

    private sealed record Total(int Count);

    private async Task<IncidentLookups> LookupsAsync(BaqylauDbContext db, CancellationToken ct) =>
        lookups ??= await CachedAsync(db, "lookups", string.Empty, IncidentFilter.None, () => IncidentLookups.LoadAsync(db, ct), ct);

    /// <summary>
    /// The rows of <paramref name="query"/> in its order, with what <paramref name="detail"/> asks for: one query for
    /// the incidents' own columns, then one per list (texts, history, sources, statements) by id.
    /// </summary>
    private Task<List<PublicIncident>> LoadAsync(BaqylauDbContext db, IQueryable<Incident> query, IncidentDetail detail, CancellationToken ct) =>
        LoadAsync(db, query.Select(PublicIncidentReader.HeadOf).AsAsyncEnumerable(), detail, ct);

    private Task<List<PublicIncident>> LoadAsync(BaqylauDbContext db, IAsyncEnumerable<PublicIncidentReader.Head> heads, IncidentDetail detail, CancellationToken ct) =>
        PublicIncidentReader.LoadAsync(db, heads, detail, () => LookupsAsync(db, ct), ct);


    private static IQueryable<Incident> Public(BaqylauDbContext db) =>
        db.Incidents.AsNoTracking().Where(i => i.Visibility == IncidentVisibility.Public);

    /// <summary>
    /// Public incidents narrowed by every filter that is set. Slugs and codes become ids through the snapshot, so
    /// the query reads the incidents table alone; a slug nobody has matches nothing.
    /// </summary>
    private async Task<IQueryable<Incident>> FilteredAsync(BaqylauDbContext db, IncidentFilter filter, CancellationToken ct)
    {
        var q = Public(db);
        if (filter.Campaign is null && filter.Organisation is null && filter.Category is null && filter.Actor is null && filter.Region is null)
            return Narrowed(q, filter);

        var names = await LookupsAsync(db, ct);
        if (filter.Campaign is { } campaign)
        {
            var id = names.CampaignList.FirstOrDefault(c => c.Ref.Key == campaign)?.Id;
            q = id is { } campaignId ? q.Where(i => i.CampaignId == campaignId) : q.Where(_ => false);
        }

        if (filter.Organisation is { } organisation)
        {
            var id = names.OrganisationList.FirstOrDefault(o => o.Ref.Slug == organisation)?.Id;
            q = id is { } organisationId ? q.Where(i => i.OrganisationId == organisationId) : q.Where(_ => false);
        }

        if (filter.Category is { } category)
        {
            var id = names.CategoryList.FirstOrDefault(c => c.Ref.Key == category)?.Id;
            q = id is { } categoryId ? q.Where(i => i.CategoryId == categoryId) : q.Where(_ => false);
        }

        if (filter.Actor is { } actor)
        {
            var id = names.ActorList.FirstOrDefault(c => c.Ref.Key == actor)?.Id;
            q = id is { } actorId ? q.Where(i => i.ActorId == actorId) : q.Where(_ => false);
        }

        if (filter.Region is { } region)
        {
            var id = names.Regions.FirstOrDefault(r => r.Value.Key == region).Key;
            q = id != 0 ? q.Where(i => i.RegionId == id) : q.Where(_ => false);
        }

        return Narrowed(q, filter);
    }

    /// <summary>The filters that need no look-up: verification, years and search words.</summary>
    private static IQueryable<Incident> Narrowed(IQueryable<Incident> q, IncidentFilter filter)
    {
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
        if (CursorKey(cursor) is not { } key)
            return q.Where(_ => false);
        var id = cursor.Id;
        // A row-value comparison, so PostgreSQL starts the index scan right at the cursor.
        return q.Where(i => EF.Functions.LessThan(ValueTuple.Create(i.TimelineKey, i.Id), ValueTuple.Create(key, id)));
    }

    /// <summary>The timeline key a cursor points at; null when its ticks are not a date (a hand-made cursor).</summary>
    private static DateTime? CursorKey(KeysetCursor cursor)
    {
        if (cursor.Key is not { } ticks)
            return Incident.UndatedTimelineKey;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            return null;
        return new DateTime(ticks, DateTimeKind.Unspecified);
    }
}
