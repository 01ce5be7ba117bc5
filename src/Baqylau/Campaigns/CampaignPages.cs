using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Organisations;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Campaigns;

/// <summary>Where a campaign's calendar stands relative to a day.</summary>
public enum CampaignPhase
{
    Upcoming = 0,
    Current = 1,
    Past = 2,
}

/// <summary>A campaign in a list: its calendar runs from <see cref="FirstDay"/> to <see cref="LastDay"/>.</summary>
public sealed record CampaignCard(string Slug, string Title, CampaignKind Kind, DateOnly VotingDay, DateOnly FirstDay, DateOnly LastDay)
{
    public CampaignPhase PhaseOn(DateOnly today) =>
        today < FirstDay ? CampaignPhase.Upcoming : today > LastDay ? CampaignPhase.Past : CampaignPhase.Current;
}

public sealed record CampaignOverview(IReadOnlyList<CampaignCard> Upcoming, IReadOnlyList<CampaignCard> Current, IReadOnlyList<CampaignCard> Past)
{
    /// <summary>
    /// The campaign a reader most likely cares about today: a running one, else the next one, else the latest past
    /// one (between elections the home page still points to the last one's record; it shows no countdown).
    /// </summary>
    public CampaignCard? Featured =>
        Current.Count > 0 ? Current[0] : Upcoming.Count > 0 ? Upcoming[0] : Past.Count > 0 ? Past[0] : null;
}

public sealed record CampaignDateView(CampaignDateKind Kind, DateOnly Start, DateOnly? End, string Note)
{
    public DateOnly Last => End ?? Start;
}

public sealed record LegalReferenceView(string Title, string? Url);

/// <summary>A link to a public statement in the language it has text in.</summary>
public sealed record StatementRef(string Lang, string Slug, string Title);

public sealed record StanceEntry(StanceKind Stance, string Reason, DateTimeOffset DecidedAt, StatementRef? Statement);

/// <summary>One organisation's position on one campaign: the newest row, and the earlier ones newest first.</summary>
public sealed record StanceView(string OrganisationSlug, string OrganisationName, string CampaignSlug, string CampaignTitle,
    DateOnly VotingDay, StanceEntry Current, IReadOnlyList<StanceEntry> Earlier);

public sealed record CampaignDetail(
    Guid Id,
    string Slug,
    CampaignKind Kind,
    string Title,
    string Description,
    DateOnly VotingDay,
    IReadOnlyList<CampaignDateView> KeyDates,
    IReadOnlyList<LegalReferenceView> LegalReferences,
    IReadOnlyList<StanceView> Stances,
    bool IsArchived)
{
    public DateOnly FirstDay => KeyDates.Count == 0 ? VotingDay : new[] { VotingDay, KeyDates.Min(d => d.Start) }.Min();

    public DateOnly LastDay => KeyDates.Count == 0 ? VotingDay : new[] { VotingDay, KeyDates.Max(d => d.Last) }.Max();
}

/// <summary>Read-side projections for the public campaign pages and the home page (AsNoTracking, projections only).</summary>
public sealed class CampaignPages(ReadDbContextFactory reads, TimeProvider clock)
{
    internal static readonly StatementStatus[] PublicStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];

    /// <summary>Today as Kazakhstan lives it: a campaign day starts at local midnight, not UTC's.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Datelines.Kazakhstan).DateTime);

    /// <summary>
    /// Non-archived campaigns grouped against today: upcoming (soonest first), current (soonest voting day first)
    /// and past (latest first).
    /// </summary>
    public async Task<CampaignOverview> OverviewAsync(string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var rows = await db.Campaigns.AsNoTracking().Where(c => !c.IsArchived)
            .Select(c => new { c.Slug, c.Title, c.Kind, c.VotingDay, c.KeyDates })
            .ToListAsync(ct);
        var cards = rows.Select(c =>
        {
            var first = c.KeyDates.Select(d => d.Start).Append(c.VotingDay).Min();
            var last = c.KeyDates.Select(d => d.End ?? d.Start).Append(c.VotingDay).Max();
            return new CampaignCard(c.Slug, c.Title.In(lang), c.Kind, c.VotingDay, first, last);
        }).ToList();
        var today = Today;
        return new CampaignOverview(
            cards.Where(c => c.PhaseOn(today) == CampaignPhase.Upcoming).OrderBy(c => c.VotingDay).ToList(),
            cards.Where(c => c.PhaseOn(today) == CampaignPhase.Current).OrderBy(c => c.VotingDay).ToList(),
            cards.Where(c => c.PhaseOn(today) == CampaignPhase.Past).OrderByDescending(c => c.VotingDay).ToList());
    }

    /// <summary>A campaign by slug (archived ones stay readable), or null.</summary>
    public async Task<CampaignDetail?> DetailAsync(string slug, string lang, CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var c = await db.Campaigns.AsNoTracking().Where(x => x.Slug == slug)
            .Select(x => new { x.Id, x.Slug, x.Kind, x.Title, x.Description, x.VotingDay, x.KeyDates, x.LegalReferences, x.IsArchived })
            .FirstOrDefaultAsync(ct);
        if (c is null)
            return null;
        var stances = await StancesAsync(db.Stances.Where(s => s.CampaignId == c.Id), lang, ct);
        return new CampaignDetail(c.Id, c.Slug, c.Kind, c.Title.In(lang), c.Description.In(lang), c.VotingDay,
            c.KeyDates.OrderBy(d => d.Start).ThenBy(d => d.Kind).Select(d => new CampaignDateView(d.Kind, d.Start, d.End, d.Note.In(lang))).ToList(),
            c.LegalReferences.Select(r => new LegalReferenceView(r.Title.In(lang), r.Url)).ToList(),
            stances.OrderBy(s => s.Current.Stance == StanceKind.Undecided).ThenBy(s => s.OrganisationName, StringComparer.Create(Cultures.Get(lang), true)).ToList(),
            c.IsArchived);
    }

    /// <summary>Site paths (after the language prefix) of every campaign and non-archived organisation page, for the sitemap.</summary>
    public async Task<IReadOnlyList<string>> SitemapPathsAsync(CancellationToken ct = default)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.VotingDay).Select(c => c.Slug).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Slug).Select(o => o.Slug).ToListAsync(ct);
        return campaigns.Select(c => $"/campaigns/{Uri.EscapeDataString(c)}")
            .Concat(organisations.Select(o => $"/organisations/{Uri.EscapeDataString(o)}")).ToList();
    }

    /// <summary>
    /// Stances grouped per organisation and campaign, newest row current. Only public statements are linked, in the
    /// reader's language when it has text there, else in the language that has.
    /// </summary>
    internal static async Task<List<StanceView>> StancesAsync(IQueryable<OrganisationStance> query, string lang, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Where(s => !s.Organisation!.IsArchived)
            .Select(s => new
            {
                s.Id,
                OrgSlug = s.Organisation!.Slug,
                OrgName = s.Organisation.Name,
                CampaignSlug = s.Campaign!.Slug,
                CampaignTitle = s.Campaign.Title,
                s.Campaign.VotingDay,
                s.Stance,
                s.Reason,
                s.DecidedAt,
                StatementId = s.Statement != null && PublicStatuses.Contains(s.Statement.Status) ? s.StatementId : null,
            })
            .ToListAsync(ct);
        // The linked statements' texts by id, then one per statement in the reader's language if it has one: picking it
        // inside the query above made PostgreSQL number every translation of every statement.
        var statementIds = rows.Where(r => r.StatementId is not null).Select(r => r.StatementId!.Value).Distinct().ToList();
        var texts = statementIds.Count == 0
            ? new Dictionary<Guid, StatementRef>()
            : (await query.AsNoTracking().Where(s => s.StatementId != null && statementIds.Contains(s.StatementId.Value))
                    .SelectMany(s => s.Statement!.Translations).Select(t => new { t.StatementId, t.Culture, t.Slug, t.Title }).Distinct().ToListAsync(ct))
                .GroupBy(t => t.StatementId)
                .ToDictionary(g => g.Key, g =>
                {
                    var t = g.OrderBy(x => x.Culture == lang ? 0 : 1).ThenBy(x => x.Culture, StringComparer.Ordinal).First();
                    return new StatementRef(t.Culture, t.Slug, t.Title);
                });
        var withText = rows.Select(r => new
        {
            r.Id,
            r.OrgSlug,
            r.OrgName,
            r.CampaignSlug,
            r.CampaignTitle,
            r.VotingDay,
            r.Stance,
            r.Reason,
            r.DecidedAt,
            Statement = r.StatementId is { } sid ? texts.GetValueOrDefault(sid) : null,
        }).ToList();
        return withText.GroupBy(r => (r.OrgSlug, r.CampaignSlug))
            .Select(g =>
            {
                var ordered = g.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).ToList();
                var entries = ordered.Select(r => new StanceEntry(r.Stance, r.Reason.In(lang), r.DecidedAt,
                    r.Statement)).ToList();
                var head = ordered[0];
                return new StanceView(head.OrgSlug, head.OrgName.In(lang), head.CampaignSlug, head.CampaignTitle.In(lang), head.VotingDay,
                    entries[0], entries.Skip(1).ToList());
            })
            .ToList();
    }
}
