using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Organisations;

public sealed record OrganisationAdminRow(Guid Id, string Slug, string Name, DateOnly? FoundedOn, string? WebsiteUrl, bool IsArchived);

/// <remarks>Sorts by "Name", "Slug", "FoundedOn"; anything else sorts by name.</remarks>
public sealed record OrganisationAdminQuery : SortedPageQuery
{
    public string? Search { get; init; }

    public bool? Archived { get; init; } = false;
}

public sealed class OrganisationForm : IArchivable
{
    public Guid? Id { get; set; }

    public string? Slug { get; set; }

    public string? NameKk { get; set; }

    public string? NameRu { get; set; }

    public string? ShortNameKk { get; set; }

    public string? ShortNameRu { get; set; }

    public string? DescriptionKk { get; set; }

    public string? DescriptionRu { get; set; }

    public DateOnly? FoundedOn { get; set; }

    public string? WebsiteUrl { get; set; }

    /// <summary>Other public links, one per line.</summary>
    public string? Links { get; set; }

    /// <summary>The stored logo's name (from <see cref="OrganisationLogoStore.SaveAsync"/>), or null for none.</summary>
    public string? LogoPath { get; set; }

    public bool IsArchived { get; set; }
}

public sealed record OrganisationOption(Guid Id, string Name);

public sealed record StatementOption(Guid Id, string Title, DateTimeOffset? PublishedAt);

/// <summary>One row of an organisation's stance history on a campaign.</summary>
public sealed record StanceAdminRow(Guid Id, Guid OrganisationId, string OrganisationName, StanceKind Stance, LocalizedText Reason,
    DateTimeOffset DecidedAt, Guid? StatementId, string? StatementTitle);

public sealed class StanceForm
{
    public Guid? OrganisationId { get; set; }

    public StanceKind Stance { get; set; } = StanceKind.Undecided;

    public string? ReasonKk { get; set; }

    public string? ReasonRu { get; set; }

    public Guid? StatementId { get; set; }

    /// <summary>When the position was taken; now when empty.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>
/// The admin side of organisations (profile in both languages, founded date, links, logo; archive, never delete) and
/// of their stances on campaigns. A stance change adds a row, so the public page keeps its history.
/// </summary>
public sealed class OrganisationAdminService(IDbContextFactory<BaqylauDbContext> contexts, TimeProvider clock, IPublicContentEvents publicContent,
    ILogger<OrganisationAdminService> logger)
    : IAdminRecords<OrganisationForm>
{
    public const int NameMax = 300;
    public const int ShortNameMax = 100;
    public const int DescriptionMax = 4000;
    public const int ReasonMax = 4000;

    public async Task<PagedResult<OrganisationAdminRow>> ListAsync(StaffUser user, OrganisationAdminQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var lang = Cultures.Current;
        var q = db.Organisations.AsNoTracking();
        if (query.Archived is { } archived)
            q = q.Where(o => o.IsArchived == archived);
        // A handful of rows with jsonb names: filter and sort in the reader's language here (see CampaignAdminService).
        var all = await q.Select(o => new { o.Id, o.Slug, o.Name, o.ShortName, o.FoundedOn, o.WebsiteUrl, o.IsArchived }).ToListAsync(ct);
        var search = TextRules.TrimmedOrNull(query.Search);
        var rows = all
            .Where(o => search is null || o.Slug.Contains(search, StringComparison.OrdinalIgnoreCase)
                || o.Name.Values.Values.Concat(o.ShortName.Values.Values).Any(t => t.Contains(search, StringComparison.CurrentCultureIgnoreCase)))
            .Select(o => new OrganisationAdminRow(o.Id, o.Slug, o.Name.In(lang), o.FoundedOn, o.WebsiteUrl, o.IsArchived))
            .ToList();
        var text = StringComparer.Create(Cultures.Get(lang), ignoreCase: true);
        IOrderedEnumerable<OrganisationAdminRow> sorted = query.SortBy switch
        {
            nameof(OrganisationAdminRow.Slug) => query.Descending ? rows.OrderByDescending(r => r.Slug, StringComparer.Ordinal) : rows.OrderBy(r => r.Slug, StringComparer.Ordinal),
            nameof(OrganisationAdminRow.FoundedOn) => query.Descending ? rows.OrderByDescending(r => r.FoundedOn) : rows.OrderBy(r => r.FoundedOn),
            _ => query.Descending ? rows.OrderByDescending(r => r.Name, text) : rows.OrderBy(r => r.Name, text),
        };
        var (page, size, skip) = WorkspaceLists.Paging(query.Page, query.PageSize);
        return new PagedResult<OrganisationAdminRow>(sorted.ThenBy(r => r.Id).Skip(skip).Take(size).ToList(), rows.Count, page, size);
    }

    public async Task<IReadOnlyList<OrganisationOption>> OptionsAsync(StaffUser user, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var lang = Cultures.Current;
        var rows = await db.Organisations.AsNoTracking().Where(o => !o.IsArchived).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return rows.Select(o => new OrganisationOption(o.Id, o.Name.In(lang)))
            .OrderBy(o => o.Name, StringComparer.Create(Cultures.Get(lang), true)).ToList();
    }

    public async Task<OrganisationForm> GetAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        return new OrganisationForm
        {
            Id = o.Id,
            Slug = o.Slug,
            NameKk = o.Name.Kk,
            NameRu = o.Name.Ru,
            ShortNameKk = o.ShortName.Kk,
            ShortNameRu = o.ShortName.Ru,
            DescriptionKk = o.Description.Kk,
            DescriptionRu = o.Description.Ru,
            FoundedOn = o.FoundedOn,
            WebsiteUrl = o.WebsiteUrl,
            Links = string.Join('\n', o.Links),
            LogoPath = o.LogoPath,
            IsArchived = o.IsArchived,
        };
    }

    /// <exception cref="ValidationException">Nothing was saved; the errors name the fields.</exception>
    public async Task<Guid> SaveAsync(StaffUser user, OrganisationForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var errors = new List<ValidationError>();
        var name = CampaignAdminService.Bilingual(form.NameKk, form.NameRu, NameMax, "NameKk", "NameRu", required: true, errors);
        var shortName = CampaignAdminService.Bilingual(form.ShortNameKk, form.ShortNameRu, ShortNameMax, "ShortNameKk", "ShortNameRu", required: false, errors);
        var description = CampaignAdminService.Bilingual(form.DescriptionKk, form.DescriptionRu, DescriptionMax, "DescriptionKk", "DescriptionRu", required: false, errors);
        var website = AdminRules.Link(form.WebsiteUrl, "WebsiteUrl", errors);
        var links = (form.Links ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => AdminRules.Link(l, "Links", errors)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (form.LogoPath is not null && !CleanImages.IsValidName(form.LogoPath))
            errors.Add(new ValidationError(AdminErrors.Required, OrganisationLogoStore.Field));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (form.FoundedOn is { } founded && founded > today)
            errors.Add(new ValidationError(AdminErrors.DateOrder, "FoundedOn"));
        var slug = TextRules.TrimmedOrNull(form.Slug)?.ToLowerInvariant()
            ?? Slugs.Slugify(TextRules.TrimmedOrNull(form.ShortNameKk) ?? TextRules.TrimmedOrNull(form.NameKk) ?? TextRules.TrimmedOrNull(form.NameRu) ?? string.Empty, 80);
        if (!AdminRules.IsSlug(slug))
            errors.Add(new ValidationError(AdminErrors.SlugInvalid, "Slug"));
        else if (await UniqueSlugs.IsTakenAsync(db.Organisations.Where(o => o.Id != form.Id).Select(o => o.Slug), slug, ct))
            errors.Add(new ValidationError(AdminErrors.SlugTaken, "Slug"));
        if (errors.Count > 0)
            throw new ValidationException(errors);

        Organisation org;
        if (form.Id is { } id)
        {
            org = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException();
        }
        else
        {
            org = new Organisation { Slug = slug, CreatedAt = clock.GetUtcNow() };
            db.Organisations.Add(org);
        }

        org.Slug = slug;
        org.Name = name;
        // Bylines need a short name: the full one stands in when none is given.
        org.ShortName = shortName.IsEmpty ? name.Clone() : shortName;
        org.Description = description;
        org.FoundedOn = form.FoundedOn;
        org.WebsiteUrl = website;
        org.Links = links;
        org.LogoPath = form.LogoPath;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Organisation {OrganisationId} saved by {UserId}", org.Id, user.UserId);
        await publicContent.OrganisationChangedAsync(org.Id, ct);
        return org.Id;
    }

    public async Task SetArchivedAsync(StaffUser user, Guid id, bool archived, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        if (!await db.Organisations.SetArchivedAsync(id, archived, ct))
            return;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Organisation {OrganisationId} archived={Archived} by {UserId}", id, archived, user.UserId);
        await publicContent.OrganisationChangedAsync(id, ct);
    }

    // ---------------------------------------------------------------- stances

    /// <summary>Every stance row on a campaign, newest first per organisation (the first of each is current).</summary>
    public async Task<IReadOnlyList<StanceAdminRow>> StancesAsync(StaffUser user, Guid campaignId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var lang = Cultures.Current;
        var rows = await db.Stances.AsNoTracking().Where(s => s.CampaignId == campaignId)
            .Select(s => new
            {
                s.Id,
                s.OrganisationId,
                OrgName = s.Organisation!.Name,
                s.Stance,
                s.Reason,
                s.DecidedAt,
                s.StatementId,
                StatementTitle = s.Statement != null
                    ? s.Statement.Translations.OrderBy(t => t.Culture == lang ? 0 : 1).Select(t => t.Title).FirstOrDefault()
                    : null,
            })
            .ToListAsync(ct);
        return rows.Select(r => new StanceAdminRow(r.Id, r.OrganisationId, r.OrgName.In(lang), r.Stance, r.Reason, r.DecidedAt, r.StatementId, r.StatementTitle))
            .OrderBy(r => r.OrganisationName, StringComparer.Create(Cultures.Get(lang), true))
            .ThenByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id)
            .ToList();
    }

    /// <summary>An organisation's statements that may have announced a stance, newest first.</summary>
    public async Task<IReadOnlyList<StatementOption>> StatementOptionsAsync(StaffUser user, Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var lang = Cultures.Current;
        var rows = await db.Statements.AsNoTracking().Where(s => s.OrganisationId == organisationId)
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id).Take(200)
            .Select(s => new
            {
                s.Id,
                s.PublishedAt,
                Title = s.Translations.OrderBy(t => t.Culture == lang ? 0 : 1).Select(t => t.Title).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new StatementOption(r.Id, r.Title ?? "—", r.PublishedAt)).ToList();
    }

    /// <summary>Records a new position of an organisation on a campaign; earlier rows stay as its history.</summary>
    /// <exception cref="ValidationException">Nothing was saved.</exception>
    public async Task<Guid> AddStanceAsync(StaffUser user, Guid campaignId, StanceForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct))
            throw new NotFoundException();
        var errors = new List<ValidationError>();
        if (form.OrganisationId is not { } orgId || !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
            errors.Add(new ValidationError(ErrorKeys.OrganisationRequired, "Organisation"));
        if (!Enum.IsDefined(form.Stance))
            errors.Add(new ValidationError(AdminErrors.Required, "Stance"));
        var reason = CampaignAdminService.Bilingual(form.ReasonKk, form.ReasonRu, ReasonMax, "ReasonKk", "ReasonRu", required: false, errors);
        if (form.StatementId is { } statementId
            && !await db.Statements.AnyAsync(s => s.Id == statementId && s.OrganisationId == form.OrganisationId, ct))
            errors.Add(new ValidationError(AdminErrors.StatementMismatch, "Statement"));
        var now = clock.GetUtcNow();
        // Stored in UTC: a time typed with Kazakhstan's offset is the same instant.
        form.DecidedAt = form.DecidedAt?.ToUniversalTime();
        if (form.DecidedAt is { } at && at > now)
            errors.Add(new ValidationError(AdminErrors.DateOrder, "DecidedAt"));
        if (errors.Count > 0)
            throw new ValidationException(errors);

        var stance = new OrganisationStance
        {
            OrganisationId = form.OrganisationId!.Value,
            CampaignId = campaignId,
            Stance = form.Stance,
            Reason = reason,
            StatementId = form.StatementId,
            DecidedAt = form.DecidedAt ?? now,
        };
        db.Stances.Add(stance);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Stance {StanceId} of {OrganisationId} on {CampaignId} added by {UserId}", stance.Id, stance.OrganisationId, campaignId, user.UserId);
        // Stances show on campaign and organisation pages, both tagged "campaigns".
        await publicContent.CampaignChangedAsync(campaignId, ct);
        return stance.Id;
    }
}
