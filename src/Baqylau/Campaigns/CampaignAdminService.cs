using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Campaigns;

public sealed record CampaignAdminRow(Guid Id, string Slug, string Title, CampaignKind Kind, DateOnly VotingDay, bool IsArchived);

/// <summary>Filter, sort and page of the admin campaign list (the grid's server-side state).</summary>
/// <remarks>Sorts by "Title", "Kind", "VotingDay" or "Slug"; anything else sorts by voting day, newest first.</remarks>
public sealed record CampaignAdminQuery : SortedPageQuery
{
    public string? Search { get; init; }

    public CampaignKind? Kind { get; init; }

    /// <summary>Null shows both; the list starts on active campaigns.</summary>
    public bool? Archived { get; init; } = false;
}

/// <summary>A calendar row as typed in the editor.</summary>
public sealed class KeyDateForm
{
    public CampaignDateKind Kind { get; set; }

    public DateOnly? Start { get; set; }

    public DateOnly? End { get; set; }

    public string? NoteKk { get; set; }

    public string? NoteRu { get; set; }
}

public sealed class LegalReferenceForm
{
    public string? TitleKk { get; set; }

    public string? TitleRu { get; set; }

    public string? Url { get; set; }
}

/// <summary>The campaign editor's content; mutable so the form can bind to it.</summary>
public sealed class CampaignForm : IArchivable
{
    public Guid? Id { get; set; }

    public string? Slug { get; set; }

    public CampaignKind Kind { get; set; } = CampaignKind.Parliamentary;

    public string? TitleKk { get; set; }

    public string? TitleRu { get; set; }

    public string? DescriptionKk { get; set; }

    public string? DescriptionRu { get; set; }

    public DateOnly? VotingDay { get; set; }

    public List<KeyDateForm> KeyDates { get; set; } = [];

    public List<LegalReferenceForm> LegalReferences { get; set; } = [];

    public bool IsArchived { get; set; }
}

/// <summary>Form field names, for errors shown beside their field.</summary>
public static class CampaignFields
{
    public const string Slug = "Slug";
    public const string TitleKk = "TitleKk";
    public const string TitleRu = "TitleRu";
    public const string VotingDay = "VotingDay";
    public const string KeyDates = "KeyDates";
    public const string LegalReferences = "LegalReferences";
}

/// <summary>
/// The admin side of campaigns: list, create, edit, archive and unarchive. Never deletes: an archived campaign
/// leaves the public lists but its page stays readable (and says it is archived). Every change is audited by the
/// <see cref="Auditing.AuditInterceptor"/> and evicts the campaign's cached public pages.
/// </summary>
public sealed class CampaignAdminService(IDbContextFactory<BaqylauDbContext> contexts, TimeProvider clock, IPublicContentEvents publicContent, ILogger<CampaignAdminService> logger)
    : IAdminRecords<CampaignForm>
{
    public const int TitleMax = 300;
    public const int DescriptionMax = 4000;
    public const int NoteMax = 300;

    public async Task<PagedResult<CampaignAdminRow>> ListAsync(StaffUser user, CampaignAdminQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var lang = Cultures.Current;
        var q = db.Campaigns.AsNoTracking();
        if (query.Archived is { } archived)
            q = q.Where(c => c.IsArchived == archived);
        if (query.Kind is { } kind)
            q = q.Where(c => c.Kind == kind);
        // Campaigns are a few dozen rows whose titles are jsonb in two languages: filtering the text and
        // sorting by the reader's language (Kazakh letters in Kazakh order) is done here, not in SQL.
        var all = await q.Select(c => new { c.Id, c.Slug, c.Title, c.Kind, c.VotingDay, c.IsArchived }).ToListAsync(ct);
        var rows = all.Select(c => new CampaignAdminRow(c.Id, c.Slug, c.Title.In(lang), c.Kind, c.VotingDay, c.IsArchived)).ToList();
        if (TextRules.TrimmedOrNull(query.Search) is { } search)
        {
            var titles = all.ToDictionary(c => c.Id, c => c.Title);
            rows = rows.Where(r => r.Slug.Contains(search, StringComparison.OrdinalIgnoreCase)
                || titles[r.Id].Values.Values.Any(t => t.Contains(search, StringComparison.CurrentCultureIgnoreCase))).ToList();
        }

        var text = StringComparer.Create(Cultures.Get(lang), ignoreCase: true);
        IOrderedEnumerable<CampaignAdminRow> sorted = query.SortBy switch
        {
            nameof(CampaignAdminRow.Slug) => query.Descending ? rows.OrderByDescending(r => r.Slug, StringComparer.Ordinal) : rows.OrderBy(r => r.Slug, StringComparer.Ordinal),
            nameof(CampaignAdminRow.Title) => query.Descending ? rows.OrderByDescending(r => r.Title, text) : rows.OrderBy(r => r.Title, text),
            nameof(CampaignAdminRow.Kind) => query.Descending ? rows.OrderByDescending(r => r.Kind) : rows.OrderBy(r => r.Kind),
            nameof(CampaignAdminRow.VotingDay) when !query.Descending => rows.OrderBy(r => r.VotingDay),
            _ => rows.OrderByDescending(r => r.VotingDay),
        };
        var (page, size, skip) = WorkspaceLists.Paging(query.Page, query.PageSize);
        return new PagedResult<CampaignAdminRow>(sorted.ThenBy(r => r.Id).Skip(skip).Take(size).ToList(), rows.Count, page, size);
    }

    public async Task<CampaignForm> GetAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var c = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException();
        return new CampaignForm
        {
            Id = c.Id,
            Slug = c.Slug,
            Kind = c.Kind,
            TitleKk = c.Title.Kk,
            TitleRu = c.Title.Ru,
            DescriptionKk = c.Description.Kk,
            DescriptionRu = c.Description.Ru,
            VotingDay = c.VotingDay,
            IsArchived = c.IsArchived,
            KeyDates = c.KeyDates.OrderBy(d => d.Start).ThenBy(d => d.Kind)
                .Select(d => new KeyDateForm { Kind = d.Kind, Start = d.Start, End = d.End, NoteKk = d.Note.Kk, NoteRu = d.Note.Ru }).ToList(),
            LegalReferences = c.LegalReferences
                .Select(r => new LegalReferenceForm { TitleKk = r.Title.Kk, TitleRu = r.Title.Ru, Url = r.Url }).ToList(),
        };
    }

    /// <summary>Creates (no Id) or updates the campaign; returns its id.</summary>
    /// <exception cref="ValidationException">Nothing was saved; the errors name the fields.</exception>
    public async Task<Guid> SaveAsync(StaffUser user, CampaignForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var errors = new List<ValidationError>();
        var title = Bilingual(form.TitleKk, form.TitleRu, TitleMax, CampaignFields.TitleKk, CampaignFields.TitleRu, required: true, errors);
        var description = Bilingual(form.DescriptionKk, form.DescriptionRu, DescriptionMax, "DescriptionKk", "DescriptionRu", required: false, errors);
        if (form.VotingDay is null)
            errors.Add(new ValidationError(AdminErrors.Required, CampaignFields.VotingDay));
        if (!Enum.IsDefined(form.Kind))
            errors.Add(new ValidationError(AdminErrors.Required, "Kind"));

        var slug = TextRules.TrimmedOrNull(form.Slug)?.ToLowerInvariant()
            ?? Slugs.Slugify(TextRules.TrimmedOrNull(form.TitleRu) ?? TextRules.TrimmedOrNull(form.TitleKk) ?? string.Empty, 80);
        if (!AdminRules.IsSlug(slug))
            errors.Add(new ValidationError(AdminErrors.SlugInvalid, CampaignFields.Slug));
        else if (await UniqueSlugs.IsTakenAsync(db.Campaigns.Where(c => c.Id != form.Id).Select(c => c.Slug), slug, ct))
            errors.Add(new ValidationError(AdminErrors.SlugTaken, CampaignFields.Slug));

        var dates = KeyDates(form, errors);
        var references = References(form, errors);
        if (errors.Count > 0)
            throw new ValidationException(errors);

        Campaign campaign;
        if (form.Id is { } id)
        {
            campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException();
        }
        else
        {
            campaign = new Campaign { Slug = slug, CreatedAt = clock.GetUtcNow() };
            db.Campaigns.Add(campaign);
        }

        campaign.Slug = slug;
        campaign.Kind = form.Kind;
        campaign.Title = title;
        campaign.Description = description;
        campaign.VotingDay = form.VotingDay!.Value;
        campaign.KeyDates = dates;
        campaign.LegalReferences = references;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Campaign {CampaignId} saved by {UserId}", campaign.Id, user.UserId);
        await publicContent.CampaignChangedAsync(campaign.Id, ct);
        return campaign.Id;
    }

    /// <summary>Archives (or brings back) a campaign; it is never deleted.</summary>
    public async Task SetArchivedAsync(StaffUser user, Guid id, bool archived, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        if (!await db.Campaigns.SetArchivedAsync(id, archived, ct))
            return;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Campaign {CampaignId} archived={Archived} by {UserId}", id, archived, user.UserId);
        await publicContent.CampaignChangedAsync(id, ct);
    }

    internal static LocalizedText Bilingual(string? kk, string? ru, int max, string kkField, string ruField, bool required, List<ValidationError> errors)
    {
        var text = new LocalizedText();
        foreach (var (lang, value, field) in new[] { (Cultures.Kazakh, kk, kkField), (Cultures.Russian, ru, ruField) })
        {
            var v = TextRules.TrimmedOrNull(value);
            if (v is null && required)
                errors.Add(new ValidationError(AdminErrors.Required, field));
            else if (v is not null && v.Length > max)
                errors.Add(new ValidationError(AdminErrors.TooLong, field));
            else if (!TextRules.IsClean(v))
                errors.Add(new ValidationError(ErrorKeys.InvalidCharacters, field));
            text.Set(lang, v);
        }

        return text;
    }

    /// <summary>
    /// The calendar as saved: rows without a start are errors, an end before its start is an error, and the
    /// voting-day row always carries the campaign's voting day (added when missing), so the two never disagree.
    /// </summary>
    private static List<CampaignKeyDate> KeyDates(CampaignForm form, List<ValidationError> errors)
    {
        var dates = new List<CampaignKeyDate>();
        foreach (var d in form.KeyDates)
        {
            var note = Bilingual(d.NoteKk, d.NoteRu, NoteMax, CampaignFields.KeyDates, CampaignFields.KeyDates, required: false, errors);
            if (!Enum.IsDefined(d.Kind))
            {
                errors.Add(new ValidationError(AdminErrors.Required, CampaignFields.KeyDates));
                continue;
            }

            if (d.Kind == CampaignDateKind.VotingDay)
            {
                if (form.VotingDay is { } vd)
                    dates.Add(new CampaignKeyDate { Kind = d.Kind, Start = vd, Note = note });
                continue;
            }

            if (d.Start is not { } start)
            {
                errors.Add(new ValidationError(AdminErrors.Required, CampaignFields.KeyDates));
                continue;
            }

            if (d.End is { } end && end < start)
                errors.Add(new ValidationError(AdminErrors.DateOrder, CampaignFields.KeyDates));
            dates.Add(new CampaignKeyDate { Kind = d.Kind, Start = start, End = d.End == start ? null : d.End, Note = note });
        }

        if (form.VotingDay is { } day && !dates.Any(d => d.Kind == CampaignDateKind.VotingDay))
            dates.Add(new CampaignKeyDate { Kind = CampaignDateKind.VotingDay, Start = day });
        // Only one voting-day row.
        foreach (var extra in dates.Where(d => d.Kind == CampaignDateKind.VotingDay).Skip(1).ToList())
            dates.Remove(extra);
        return dates.OrderBy(d => d.Start).ThenBy(d => d.Kind).ToList();
    }

    private static List<LegalReference> References(CampaignForm form, List<ValidationError> errors)
    {
        var refs = new List<LegalReference>();
        foreach (var r in form.LegalReferences)
        {
            if (TextRules.TrimmedOrNull(r.TitleKk) is null && TextRules.TrimmedOrNull(r.TitleRu) is null && TextRules.TrimmedOrNull(r.Url) is null)
                continue; // an empty row the admin added and left
            var title = Bilingual(r.TitleKk, r.TitleRu, TitleMax, CampaignFields.LegalReferences, CampaignFields.LegalReferences, required: true, errors);
            var url = AdminRules.Link(r.Url, CampaignFields.LegalReferences, errors);
            refs.Add(new LegalReference { Title = title, Url = url });
        }

        return refs;
    }
}
