using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Incidents;

/// <summary>
/// The workspace's incident service: the log's list, create and save, verification steps, visibility and the
/// internal part. Role and organisation rules are enforced here; components call this and never see EF types.
/// Authors create and edit their organisation's internal incidents; only Editors (and Admins) verify,
/// publish, or change an incident once it is public. Another organisation's incidents are "not found".
/// Each call has its own short-lived context.
/// </summary>
public sealed class IncidentService(
    IDbContextFactory<BaqylauDbContext> contexts,
    TimeProvider clock,
    IPublicContentEvents publicContent,
    InternalFieldCipher cipher,
    ILogger<IncidentService> logger)
{
    // ---------------------------------------------------------------- reading

    public async Task<PagedResult<IncidentRow>> ListAsync(StaffUser user, IncidentListQuery query, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lang = Cultures.Current;
        var q = db.Incidents.AsNoTracking().VisibleTo(user, query.OrganisationId);
        if (query.Verification is { } v)
            q = q.Where(i => i.Verification == v);
        if (query.Visibility is { } vis)
            q = q.Where(i => i.Visibility == vis);
        if (query.CategoryId is { } cat)
            q = q.Where(i => i.CategoryId == cat);
        if (query.ActorId is { } actor)
            q = q.Where(i => i.ActorId == actor);
        if (query.RegionId is { } region)
            q = q.Where(i => i.RegionId == region);
        if (query.CampaignId is { } campaign)
            q = q.Where(i => i.CampaignId == campaign);
        // Overlap, so "2019–2022" is found by a filter on 2021.
        if (query.From is { } from)
            q = q.Where(i => i.OccurredEndDay != null && i.OccurredEndDay >= from);
        if (query.To is { } to)
        {
            var before = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            q = q.Where(i => i.OccurredSortKey != null && i.OccurredSortKey < before);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = TextRules.ContainsPattern(query.Search);
            q = q.Where(i => i.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
        }

        var total = await q.CountAsync(ct);
        var (page, size, skip) = WorkspaceLists.Paging(query.Page, query.PageSize);
        var rows = await q.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id)
            .Skip(skip).Take(size)
            .Select(i => new
            {
                i.Id,
                i.Occurred,
                i.RecordedAt,
                i.Verification,
                i.Visibility,
                i.UpdatedAt,
                i.Version,
                Org = i.Organisation!.ShortName,
                Category = i.Category!.Name,
                Texts = i.Translations.Select(t => new { t.Culture, t.Title }).ToList(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new IncidentRow(
            r.Id,
            WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang),
            r.Org.In(lang),
            r.Category.In(lang),
            r.Occurred,
            r.RecordedAt,
            r.Verification,
            r.Visibility,
            r.UpdatedAt,
            r.Version)).ToList();
        return new PagedResult<IncidentRow>(items, total, page, size);
    }

    public async Task<IncidentEditModel> GetAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var work = await OpenAsync(ct);
        var incident = await work.LoadAsync(id, tracked: false, ct) ?? throw new NotFoundException();
        if (!user.CanAccess(incident.OrganisationId))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Incident), id);
        return await work.ModelOfAsync(user, incident, ct);
    }

    public async Task<IncidentEditorOptions> OptionsAsync(StaffUser user, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lang = Cultures.Current;
        var categories = await db.IncidentCategories.AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.SortOrder)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var actors = await db.IncidentActors.AsNoTracking().Where(a => !a.IsArchived).OrderBy(a => a.SortOrder)
            .Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => !c.IsArchived).OrderByDescending(c => c.VotingDay)
            .Select(c => new { c.Id, c.Title }).ToListAsync(ct);
        var orgs = user.IsAdmin
            ? await db.Organisations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Slug).Select(o => new { o.Id, o.ShortName }).ToListAsync(ct)
            : await db.Organisations.AsNoTracking().Where(o => o.Id == user.OrganisationId).Select(o => new { o.Id, o.ShortName }).ToListAsync(ct);
        return new IncidentEditorOptions(
            [.. categories.Select(c => new NamedRef(c.Id, c.Name.In(lang)))],
            [.. actors.Select(a => new NamedRef(a.Id, a.Name.In(lang)))],
            [.. regions.Select(r => new RegionRef(r.Id, r.Name.In(lang)))],
            [.. campaigns.Select(c => new NamedRef(c.Id, c.Title.In(lang)))],
            [.. orgs.Select(o => new NamedRef(o.Id, o.ShortName.In(lang)))]);
    }

    /// <summary>
    /// Statements an incident of <paramref name="organisationId"/> may link, by title: the organisation's own (any
    /// state) and anyone's public ones, the same rule the save checks.
    /// </summary>
    public async Task<IReadOnlyList<NamedRef>> SearchStatementsAsync(StaffUser user, Guid organisationId, string? text, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        if (!user.CanAccess(organisationId))
            return [];
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Statements.AsNoTracking()
            .Where(s => s.OrganisationId == organisationId || IncidentChanges.PublicStatementStatuses.Contains(s.Status));
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = TextRules.ContainsPattern(text);
            query = query.Where(s => s.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
        }

        var rows = await query.OrderByDescending(s => s.UpdatedAt).Take(15)
            .Select(s => new { s.Id, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new NamedRef(r.Id, WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)))))];
    }

    /// <summary>Names of linked statements, for the editor's chips (in the given order).</summary>
    public async Task<IReadOnlyList<NamedRef>> StatementNamesAsync(StaffUser user, IReadOnlyList<Guid> ids, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Statements.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
            .ToListAsync(ct);
        return [.. ids.Select(id => rows.FirstOrDefault(r => r.Id == id)).Where(r => r is not null)
            .Select(r => new NamedRef(r!.Id, WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)))))];
    }

    // ---------------------------------------------------------------- writing

    /// <summary>A new internal, "reported" incident in the user's organisation (admins may name another).</summary>
    public async Task<IncidentSaveResult> CreateAsync(StaffUser user, IncidentContent content, Guid? organisationId = null, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        var org = user.IsAdmin ? organisationId ?? user.OrganisationId : user.OrganisationId;
        if (org is null)
            throw new ValidationException(new ValidationError(ErrorKeys.OrganisationRequired, StatementFields.Organisation));
        if (!user.CanAccess(org.Value))
            throw StaffRules.Refused(user, logger);
        await using var work = await OpenAsync(ct);
        if (!await work.Db.Organisations.AnyAsync(o => o.Id == org, ct))
            throw new ForbiddenException();
        var now = clock.GetUtcNow();
        var incident = new Incident
        {
            OrganisationId = org.Value,
            Verification = VerificationStatus.Reported,
            Visibility = IncidentVisibility.Internal,
            CreatedById = user.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            // When it was logged, whatever the date it happened.
            RecordedAt = now,
        };
        work.Db.Incidents.Add(incident);
        await work.ApplyAsync(incident, content, ct);
        work.Db.Add(new IncidentVerificationEvent { IncidentId = incident.Id, Status = VerificationStatus.Reported, At = now, ById = user.UserId });
        await work.Db.SaveChangesAsync(ct);
        logger.LogInformation("Incident {IncidentId} created", incident.Id);
        return await work.ResultAsync(user, incident.Id, ct);
    }

    /// <exception cref="ConflictException{IncidentEditModel}">Someone saved since <paramref name="expectedVersion"/>.</exception>
    public async Task<IncidentSaveResult> SaveAsync(StaffUser user, Guid id, IncidentContent content, uint expectedVersion, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var incident = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        // A public incident is public text: changing it is an editor's decision, as with statements.
        if (incident.Visibility == IncidentVisibility.Public && !user.IsEditor)
            throw StaffRules.Refused(user, logger);
        await work.ApplyAsync(incident, content, ct);
        return await work.CommitAsync(user, incident, publicChange: false, ct);
    }

    /// <summary>Moves verification one step: Reported → Corroborated → Verified, or to Disputed (and a disputed one back to Reported).</summary>
    public async Task<IncidentSaveResult> VerifyAsync(StaffUser user, Guid id, uint expectedVersion, VerificationStatus to, string? comment = null, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var incident = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        if (!IncidentRules.NextSteps(incident.Verification).Contains(to))
            throw new RuleException(IncidentErrors.VerificationStep);
        FieldRules.ThrowIfInvalidNote(comment, 2000);
        incident.Verification = to;
        // Added explicitly: a new child with its key already set would otherwise be taken for an existing row.
        work.Db.Add(new IncidentVerificationEvent
        {
            IncidentId = incident.Id,
            Status = to,
            At = clock.GetUtcNow(),
            ById = user.UserId,
            Comment = TextRules.TrimmedOrNull(comment),
        });
        var result = await work.CommitAsync(user, incident, publicChange: false, ct);
        logger.LogInformation("Incident {IncidentId} verification set to {Status}", id, to);
        return result;
    }

    public async Task<IncidentSaveResult> SetVisibilityAsync(StaffUser user, Guid id, uint expectedVersion, IncidentVisibility visibility, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var incident = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        if (!IncidentRules.CanChangeVisibility(user))
            throw StaffRules.Refused(user, logger);
        var changed = incident.Visibility != visibility;
        incident.Visibility = visibility;
        // Withdrawing from the public timeline is a public change too: caches must drop it.
        var result = await work.CommitAsync(user, incident, publicChange: changed, ct);
        logger.LogInformation("Incident {IncidentId} visibility set to {Visibility}", id, visibility);
        return result;
    }

    /// <summary>Ties the incident to a campaign (or to none); the same rules as a save: a public one is an editor's to change.</summary>
    public async Task<IncidentSaveResult> SetCampaignAsync(StaffUser user, Guid id, uint expectedVersion, Guid? campaignId, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var incident = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        if (incident.Visibility == IncidentVisibility.Public && !user.IsEditor)
            throw StaffRules.Refused(user, logger);
        if (campaignId is { } campaign && !await work.Db.Campaigns.AnyAsync(c => c.Id == campaign, ct))
            throw new ValidationException(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Campaign));
        incident.CampaignId = campaignId;
        var result = await work.CommitAsync(user, incident, publicChange: false, ct);
        logger.LogInformation("Incident {IncidentId} campaign set to {CampaignId}", id, campaignId);
        return result;
    }

    // ---------------------------------------------------------------- bulk

    /// <summary>Most incidents one bulk action takes: a page of the list at its largest.</summary>
    public const int MaxBulkItems = WorkspaceLists.MaxPageSize;

    /// <summary>
    /// Applies one change to each selected incident as that many single actions (<see cref="VerifyAsync"/>,
    /// <see cref="SetVisibilityAsync"/>, <see cref="SetCampaignAsync"/>), each in its own context and transaction, so
    /// each is checked by its own rules and audited on its own. A refused one does not stop the rest; it comes back
    /// with its reason. Only editors (and admins) act in bulk.
    /// </summary>
    public async Task<IncidentBulkResult> ApplyBulkAsync(StaffUser user, IReadOnlyList<IncidentBulkItem> items, IncidentBulkChange change, CancellationToken ct = default)
    {
        StaffRules.RequireEditor(user, logger);
        var selected = items.DistinctBy(i => i.Id).ToList();
        if (selected.Count == 0 || selected.Count > MaxBulkItems)
            throw new RuleException(IncidentErrors.BulkSelection);
        if (change.Kind == IncidentBulkKind.Verification && change.Verification is null
            || change.Kind == IncidentBulkKind.Visibility && change.Visibility is null
            || !Enum.IsDefined(change.Kind))
            throw new RuleException(IncidentErrors.BulkSelection);

        // Titles of the user's own incidents only: a crafted id of another organisation's stays nameless.
        var ids = selected.Select(i => i.Id).ToList();
        var lang = Cultures.Current;
        Dictionary<Guid, string> titles;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var rows = await db.Incidents.AsNoTracking().VisibleTo(user, null).Where(i => ids.Contains(i.Id))
                .Select(i => new { i.Id, Texts = i.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
                .ToListAsync(ct);
            titles = rows.ToDictionary(r => r.Id, r => WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang));
        }

        var outcomes = new List<IncidentBulkOutcome>(selected.Count);
        foreach (var item in selected)
        {
            var title = titles.GetValueOrDefault(item.Id);
            try
            {
                var result = change.Kind switch
                {
                    IncidentBulkKind.Verification => await VerifyAsync(user, item.Id, item.Version, change.Verification!.Value, ct: ct),
                    IncidentBulkKind.Visibility => await SetVisibilityAsync(user, item.Id, item.Version, change.Visibility!.Value, ct),
                    _ => await SetCampaignAsync(user, item.Id, item.Version, change.CampaignId, ct),
                };
                outcomes.Add(new IncidentBulkOutcome(item.Id, title, result.Incident.Verification, null));
            }
            catch (ConflictException<IncidentEditModel> ex)
            {
                outcomes.Add(new IncidentBulkOutcome(item.Id, title, ex.Current.Verification, ex.ErrorKey));
            }
            catch (DomainException ex)
            {
                var current = title is null ? null : await CurrentVerificationAsync(item.Id, ct);
                outcomes.Add(new IncidentBulkOutcome(item.Id, title, current, ex.ErrorKey));
            }
        }

        logger.LogInformation("Bulk {Kind} on {Count} incidents: {Applied} applied, {Refused} refused",
            change.Kind, outcomes.Count, outcomes.Count(o => o.Applied), outcomes.Count(o => !o.Applied));
        return new IncidentBulkResult(outcomes);
    }

    private async Task<VerificationStatus?> CurrentVerificationAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(i => (VerificationStatus?)i.Verification).FirstOrDefaultAsync(ct);
    }

    // ---------------------------------------------------------------- internal part

    /// <summary>
    /// The decrypted internal part, for Editors and Admins who belong to the incident's organisation (least
    /// privilege: a platform admin of no organisation cannot read observers' names). Each read is audited as a View.
    /// </summary>
    public async Task<IncidentInternalContent> GetInternalAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        await work.RequireInternalAccessAsync(user, id, ct);
        var db = work.Db;
        var row = await db.IncidentInternals.AsNoTracking().FirstOrDefaultAsync(x => x.IncidentId == id, ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = user.UserId,
            UserName = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct),
            EntityType = nameof(IncidentInternal),
            EntityId = id.ToString(),
            Action = AuditAction.View,
        });
        await db.SaveChangesAsync(ct);
        return row is null
            ? new IncidentInternalContent(null, null, null)
            : new IncidentInternalContent(
                cipher.Decrypt(row.ObserverIdentities, id, nameof(IncidentInternal.ObserverIdentities)),
                cipher.Decrypt(row.WitnessIdentities, id, nameof(IncidentInternal.WitnessIdentities)),
                cipher.Decrypt(row.Notes, id, nameof(IncidentInternal.Notes)));
    }

    /// <summary>Encrypts and stores the internal part; the audit trail records that it changed, never the values.</summary>
    public async Task SaveInternalAsync(StaffUser user, Guid id, IncidentInternalContent content, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        await work.RequireInternalAccessAsync(user, id, ct);
        IncidentValidation.ThrowIfInvalid(content);
        var db = work.Db;
        var row = await db.IncidentInternals.FirstOrDefaultAsync(x => x.IncidentId == id, ct);
        if (row is null)
        {
            row = new IncidentInternal { IncidentId = id };
            db.IncidentInternals.Add(row);
        }

        row.ObserverIdentities = cipher.Encrypt(TextRules.TrimmedOrNull(content.ObserverIdentities), id, nameof(IncidentInternal.ObserverIdentities));
        row.WitnessIdentities = cipher.Encrypt(TextRules.TrimmedOrNull(content.WitnessIdentities), id, nameof(IncidentInternal.WitnessIdentities));
        row.Notes = cipher.Encrypt(TextRules.TrimmedOrNull(content.Notes), id, nameof(IncidentInternal.Notes));
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        // Only the id: the values never reach a log line.
        logger.LogInformation("Internal part of incident {IncidentId} saved", id);
    }

    private Task<IncidentChanges> OpenAsync(CancellationToken ct) => IncidentChanges.OpenAsync(contexts, clock, publicContent, logger, ct);
}
