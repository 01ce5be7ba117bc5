using System.Runtime.CompilerServices;
using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Incidents;

/// <summary>
/// The workspace's incident service: the log's list, create and save, verification steps and visibility.
/// Role and organisation rules are enforced here; components call this and never see EF types.
/// Authors create and edit their organisation's internal incidents; only Editors (and Admins) verify,
/// publish, or change an incident once it is public. Another organisation's incidents are "not found".
/// </summary>
/// <remarks>Same circuit rules as <see cref="StatementService"/>: a clear change tracker per operation, one at a time.</remarks>
public sealed partial class IncidentService(
    BaqylauDbContext db,
    TimeProvider clock,
    IPublicContentEvents publicContent,
    InternalFieldCipher cipher,
    ILogger<IncidentService> logger)
{
    private static readonly StatementStatus[] PublicStatementStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];
    // Shared with the other services on the same circuit's context (see DbContextGate.For).
    private readonly DbContextGate _gate = DbContextGate.For(db);

    // ---------------------------------------------------------------- reading

    public Task<PagedResult<IncidentRow>> ListAsync(StaffUser user, IncidentListQuery query, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            var lang = Cultures.Current;
            var q = db.Incidents.AsNoTracking();
            if (!user.IsAdmin)
                q = q.Where(i => i.OrganisationId == user.OrganisationId);
            else if (query.OrganisationId is { } org)
                q = q.Where(i => i.OrganisationId == org);
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
                var pattern = "%" + EscapeLike(Common.TextRules.Cleaned(query.Search.Trim())) + "%";
                q = q.Where(i => i.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
            }

            var total = await q.CountAsync(ct);
            var page = Math.Max(1, query.Page);
            var size = Math.Clamp(query.PageSize, 1, 200);
            var rows = await q.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id)
                .Skip(Common.TextRules.Offset(page, size)).Take(size)
                .Select(i => new
                {
                    i.Id,
                    i.Occurred,
                    i.RecordedAt,
                    i.Verification,
                    i.Visibility,
                    i.UpdatedAt,
                    Org = i.Organisation!.ShortName,
                    Category = i.Category!.Name,
                    Texts = i.Translations.Select(t => new { t.Culture, t.Title }).ToList(),
                })
                .ToListAsync(ct);
            var items = rows.Select(r => new IncidentRow(
                r.Id,
                (r.Texts.FirstOrDefault(t => t.Culture == lang) ?? r.Texts.FirstOrDefault())?.Title ?? string.Empty,
                r.Org.In(lang),
                r.Category.In(lang),
                r.Occurred,
                r.RecordedAt,
                r.Verification,
                r.Visibility,
                r.UpdatedAt)).ToList();
            return new PagedResult<IncidentRow>(items, total, page, size);
        });

    public Task<IncidentEditModel> GetAsync(StaffUser user, Guid id, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            var incident = await LoadAsync(id, tracked: false, ct) ?? throw new NotFoundException();
            if (!user.CanAccess(incident.OrganisationId))
                throw StaffRules.OtherOrganisation(user, logger, nameof(Incident), id);
            return await ModelOfAsync(user, incident, ct);
        });

    public Task<IncidentEditorOptions> OptionsAsync(StaffUser user, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
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
        });

    /// <summary>
    /// Statements an incident of <paramref name="organisationId"/> may link, by title: the organisation's own (any
    /// state) and anyone's public ones, the same rule the save checks.
    /// </summary>
    public Task<IReadOnlyList<NamedRef>> SearchStatementsAsync(StaffUser user, Guid organisationId, string? text, CancellationToken ct = default) =>
        Serialised<IReadOnlyList<NamedRef>>(async () =>
        {
            RequireStaff(user);
            if (!user.CanAccess(organisationId))
                return [];
            var query = db.Statements.AsNoTracking().Where(s => s.OrganisationId == organisationId || PublicStatementStatuses.Contains(s.Status));
            if (!string.IsNullOrWhiteSpace(text))
            {
                var pattern = "%" + EscapeLike(Common.TextRules.Cleaned(text.Trim())) + "%";
                query = query.Where(s => s.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
            }

            var rows = await query.OrderByDescending(s => s.UpdatedAt).Take(15)
                .Select(s => new { s.Id, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
                .ToListAsync(ct);
            return [.. rows.Select(r => new NamedRef(r.Id, TitleIn(r.Texts.Select(t => (t.Culture, t.Title)))))];
        });

    /// <summary>Names of linked statements, for the editor's chips (in the given order).</summary>
    public Task<IReadOnlyList<NamedRef>> StatementNamesAsync(StaffUser user, IReadOnlyList<Guid> ids, CancellationToken ct = default) =>
        Serialised<IReadOnlyList<NamedRef>>(async () =>
        {
            RequireStaff(user);
            var rows = await db.Statements.AsNoTracking().Where(s => ids.Contains(s.Id))
                .Select(s => new { s.Id, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
                .ToListAsync(ct);
            return [.. ids.Select(id => rows.FirstOrDefault(r => r.Id == id)).Where(r => r is not null)
                .Select(r => new NamedRef(r!.Id, TitleIn(r.Texts.Select(t => (t.Culture, t.Title)))))];
        });

    private static string TitleIn(IEnumerable<(string Culture, string Title)> texts)
    {
        var list = texts.ToList();
        var lang = Cultures.Current;
        return list.FirstOrDefault(t => t.Culture == lang).Title ?? list.FirstOrDefault().Title ?? string.Empty;
    }

    // ---------------------------------------------------------------- writing

    /// <summary>A new internal, "reported" incident in the user's organisation (admins may name another).</summary>
    public Task<IncidentSaveResult> CreateAsync(StaffUser user, IncidentContent content, Guid? organisationId = null, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            var org = user.IsAdmin ? organisationId ?? user.OrganisationId : user.OrganisationId;
            if (org is null)
                throw new ValidationException([new ValidationError(ErrorKeys.OrganisationRequired, StatementFields.Organisation)]);
            if (!user.CanAccess(org.Value))
                throw StaffRules.Refused(user, logger);
            if (!await db.Organisations.AnyAsync(o => o.Id == org, ct))
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
            db.Incidents.Add(incident);
            await ApplyAsync(incident, content, ct);
            db.Add(new IncidentVerificationEvent { IncidentId = incident.Id, Status = VerificationStatus.Reported, At = now, ById = user.UserId });
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Incident {IncidentId} created", incident.Id);
            return new IncidentSaveResult(incident.Id, incident.Version);
        });

    /// <exception cref="ConflictException<IncidentEditModel>">Someone saved since <paramref name="expectedVersion"/>.</exception>
    public Task<IncidentSaveResult> SaveAsync(StaffUser user, Guid id, IncidentContent content, uint expectedVersion, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var incident = await LoadForChangeAsync(user, id, expectedVersion, ct);
            // A public incident is public text: changing it is an editor's decision, as with statements.
            if (incident.Visibility == IncidentVisibility.Public && !user.IsEditor)
                throw StaffRules.Refused(user, logger);
            await ApplyAsync(incident, content, ct);
            return await CommitAsync(user, incident, publicChange: false, ct);
        });

    /// <summary>Moves verification one step: Reported → Corroborated → Verified, or to Disputed (and a disputed one back to Reported).</summary>
    public Task<IncidentSaveResult> VerifyAsync(StaffUser user, Guid id, uint expectedVersion, VerificationStatus to, string? comment = null, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var incident = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            if (!NextSteps(incident.Verification).Contains(to))
                throw new RuleException(IncidentErrors.VerificationStep);
            StatementValidation.ThrowIfInvalidNote(comment, 2000);
            incident.Verification = to;
            // Added explicitly: a new child with its key already set would otherwise be taken for an existing row.
            db.Add(new IncidentVerificationEvent
            {
                IncidentId = incident.Id,
                Status = to,
                At = clock.GetUtcNow(),
                ById = user.UserId,
                Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            });
            var result = await CommitAsync(user, incident, publicChange: false, ct);
            logger.LogInformation("Incident {IncidentId} verification set to {Status}", id, to);
            return result;
        });

    public Task<IncidentSaveResult> SetVisibilityAsync(StaffUser user, Guid id, uint expectedVersion, IncidentVisibility visibility, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var incident = await LoadForChangeAsync(user, id, expectedVersion, ct);
            if (!CanChangeVisibility(user))
                throw StaffRules.Refused(user, logger);
            var changed = incident.Visibility != visibility;
            incident.Visibility = visibility;
            // Withdrawing from the public timeline is a public change too: caches must drop it.
            var result = await CommitAsync(user, incident, publicChange: changed, ct);
            logger.LogInformation("Incident {IncidentId} visibility set to {Visibility}", id, visibility);
            return result;
        });

    // ---------------------------------------------------------------- internal part

    /// <summary>
    /// The decrypted internal part, for Editors and Admins who belong to the incident's organisation (least
    /// privilege: a platform admin of no organisation cannot read observers' names). Each read is audited as a View.
    /// </summary>
    public Task<IncidentInternalContent> GetInternalAsync(StaffUser user, Guid id, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            await RequireInternalAccessAsync(user, id, ct);
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
        });

    /// <summary>Encrypts and stores the internal part; the audit trail records that it changed, never the values.</summary>
    public Task SaveInternalAsync(StaffUser user, Guid id, IncidentInternalContent content, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            await RequireInternalAccessAsync(user, id, ct);
            var errors = new List<ValidationError>();
            Max(errors, content.ObserverIdentities, IncidentFields.InternalMax, "Field_ObserverIdentities", null);
            Max(errors, content.WitnessIdentities, IncidentFields.InternalMax, "Field_WitnessIdentities", null);
            Max(errors, content.Notes, IncidentFields.InternalMax, "Field_InternalNotes", null);
            StatementValidation.Clean(errors, content.ObserverIdentities, "Field_ObserverIdentities", null);
            StatementValidation.Clean(errors, content.WitnessIdentities, "Field_WitnessIdentities", null);
            StatementValidation.Clean(errors, content.Notes, "Field_InternalNotes", null);
            if (errors.Count > 0)
                throw new ValidationException(errors);
            var row = await db.IncidentInternals.FirstOrDefaultAsync(x => x.IncidentId == id, ct);
            if (row is null)
            {
                row = new IncidentInternal { IncidentId = id };
                db.IncidentInternals.Add(row);
            }

            row.ObserverIdentities = cipher.Encrypt(NullIfBlank(content.ObserverIdentities), id, nameof(IncidentInternal.ObserverIdentities));
            row.WitnessIdentities = cipher.Encrypt(NullIfBlank(content.WitnessIdentities), id, nameof(IncidentInternal.WitnessIdentities));
            row.Notes = cipher.Encrypt(NullIfBlank(content.Notes), id, nameof(IncidentInternal.Notes));
            row.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            // Only the id: the values never reach a log line.
            logger.LogInformation("Internal part of incident {IncidentId} saved", id);
            return true;
        });

    private async Task RequireInternalAccessAsync(StaffUser user, Guid id, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var org = await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(i => (Guid?)i.OrganisationId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        if (!user.CanAccess(org))
            throw StaffRules.OtherOrganisation(user, logger, nameof(IncidentInternal), id, operation);
        if (!user.IsEditor || user.OrganisationId != org)
            throw StaffRules.Refused(user, logger, operation);
    }

    /// <summary>The verification steps open from <paramref name="current"/>.</summary>
    public static IReadOnlyList<VerificationStatus> NextSteps(VerificationStatus current) => current switch
    {
        VerificationStatus.Reported => [VerificationStatus.Corroborated, VerificationStatus.Disputed],
        VerificationStatus.Corroborated => [VerificationStatus.Verified, VerificationStatus.Disputed],
        VerificationStatus.Verified => [VerificationStatus.Disputed],
        _ => [VerificationStatus.Reported],
    };

    // ---------------------------------------------------------------- internals

    private Task<T> Serialised<T>(Func<Task<T>> action) => _gate.RunAsync(action);

    private void RequireStaff(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireStaff(user, logger, operation);

    private void RequireEditor(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireEditor(user, logger, operation);

    private Task<Incident?> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        var q = db.Incidents
            .Include(i => i.Translations)
            .Include(i => i.Sources)
            .Include(i => i.Statements)
            .Include(i => i.VerificationHistory)
            .AsSplitQuery();
        return (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    private async Task<Incident> LoadForChangeAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var incident = await LoadAsync(id, tracked: true, ct) ?? throw new NotFoundException();
        if (!user.CanAccess(incident.OrganisationId))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Incident), id, operation);
        if (incident.Version != expectedVersion)
            throw new ConflictException<IncidentEditModel>(await ModelOfAsync(user, incident, ct));
        // The UPDATE's WHERE carries the version the user saw, so a save landing in between is caught too.
        db.Entry(incident).Property(i => i.Version).OriginalValue = expectedVersion;
        return incident;
    }

    private async Task<IncidentSaveResult> CommitAsync(StaffUser user, Incident incident, bool publicChange, CancellationToken ct)
    {
        incident.UpdatedAt = clock.GetUtcNow();
        // Always UPDATE the incident row: that checks the version the user saw and moves xmin for the next writer.
        db.Entry(incident).Property(i => i.UpdatedAt).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await LoadAsync(incident.Id, tracked: false, ct) ?? throw new NotFoundException();
            throw new ConflictException<IncidentEditModel>(await ModelOfAsync(user, current, ct));
        }

        if (publicChange || incident.Visibility == IncidentVisibility.Public)
            await publicContent.IncidentChangedAsync(incident.Id, ct);
        return new IncidentSaveResult(incident.Id, incident.Version);
    }

    /// <summary>Validates everything at once, then copies content into the entity.</summary>
    private async Task ApplyAsync(Incident incident, IncidentContent content, CancellationToken ct)
    {
        var errors = Validate(content);
        if (content.CategoryId is { } category && !await db.IncidentCategories.AnyAsync(c => c.Id == category, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Category));
        if (content.ActorId is { } actor && !await db.IncidentActors.AnyAsync(a => a.Id == actor, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Actor));
        if (content.RegionId is { } region && !await db.Regions.AnyAsync(r => r.Id == region, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Region));
        if (content.CampaignId is { } campaign && !await db.Campaigns.AnyAsync(c => c.Id == campaign, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Campaign));
        // Links go to the incident's own organisation's statements, or to anyone's public ones.
        var statementIds = content.StatementIds.Distinct().ToList();
        var statements = await db.Statements
            .Where(s => statementIds.Contains(s.Id) && (s.OrganisationId == incident.OrganisationId || PublicStatementStatuses.Contains(s.Status)))
            .ToListAsync(ct);
        if (statements.Count != statementIds.Count)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Statements));
        if (errors.Count > 0)
            throw new ValidationException(errors);

        var now = clock.GetUtcNow();
        incident.SetOccurred(content.Occurred);
        incident.CategoryId = content.CategoryId!.Value;
        incident.ActorId = content.ActorId;
        incident.RegionId = content.RegionId;
        incident.Settlement = NullIfBlank(content.Settlement);
        incident.PollingStation = NullIfBlank(content.PollingStation);
        incident.CampaignId = content.CampaignId;

        incident.Statements.RemoveAll(s => !statementIds.Contains(s.Id));
        incident.Statements.AddRange(statements.Where(s => incident.Statements.All(e => e.Id != s.Id)));

        // Sources are replaced as a list: they have no identity a user would edit across saves.
        db.RemoveRange(incident.Sources);
        incident.Sources.Clear();
        foreach (var s in content.Sources)
        {
            db.Add(new IncidentSource
            {
                IncidentId = incident.Id,
                Kind = s.Kind,
                Url = s.Url.Trim(),
                Title = NullIfBlank(s.Title),
                AccessedOn = s.AccessedOn,
                ArchiveUrl = NullIfBlank(s.ArchiveUrl),
            });
        }

        foreach (var lang in Cultures.All)
        {
            var incoming = content.Translation(lang);
            var existing = incident.Translation(lang);
            if (incoming is null || incoming.IsBlank)
            {
                if (existing is not null)
                    db.Remove(existing);
                continue;
            }

            var title = incoming.Title.Trim();
            var description = incoming.Description.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
            if (existing is null)
            {
                db.Add(new IncidentTranslation { IncidentId = incident.Id, Culture = lang, Title = title, Description = description, UpdatedAt = now });
            }
            else if (existing.Title != title || existing.Description != description)
            {
                existing.Title = title;
                existing.Description = description;
                existing.UpdatedAt = now;
            }
        }
    }

    /// <summary>Checks typed content; returns every problem at once, each naming its field (and language).</summary>
    public static List<ValidationError> Validate(IncidentContent content)
    {
        var errors = new List<ValidationError>();
        var titled = 0;
        foreach (var t in content.Translations)
        {
            if (!Cultures.IsSupported(t.Culture))
            {
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Title, t.Culture));
                continue;
            }

            if (t.IsBlank)
                continue;
            if (string.IsNullOrWhiteSpace(t.Title))
                errors.Add(new ValidationError(ErrorKeys.FieldRequired, IncidentFields.Title, t.Culture));
            else
                titled++;
            Max(errors, t.Title, IncidentFields.TitleMax, IncidentFields.Title, t.Culture);
            Max(errors, t.Description, IncidentFields.DescriptionMax, IncidentFields.Description, t.Culture);
            StatementValidation.Clean(errors, t.Title, IncidentFields.Title, t.Culture);
            StatementValidation.Clean(errors, t.Description, IncidentFields.Description, t.Culture);
        }

        if (titled == 0 && errors.Count == 0)
            errors.Add(new ValidationError(StatementErrors.TitleRequired, IncidentFields.Title, Cultures.Current));
        if (content.Translations.GroupBy(t => t.Culture).Any(g => g.Count() > 1))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Title));
        if (content.Occurred is null)
            errors.Add(new ValidationError(ErrorKeys.FieldRequired, IncidentFields.Occurred));
        else if (FuzzyDate.Validate(content.Occurred) is { } dateError)
            errors.Add(new ValidationError(dateError, IncidentFields.Occurred));
        if (content.CategoryId is null)
            errors.Add(new ValidationError(IncidentErrors.CategoryRequired, IncidentFields.Category));
        Max(errors, content.Settlement, IncidentFields.SettlementMax, IncidentFields.Settlement, null);
        Max(errors, content.PollingStation, IncidentFields.PollingStationMax, IncidentFields.PollingStation, null);
        StatementValidation.Clean(errors, content.Settlement, IncidentFields.Settlement, null);
        StatementValidation.Clean(errors, content.PollingStation, IncidentFields.PollingStation, null);
        if (content.Sources.Count > IncidentFields.SourcesMax)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, IncidentFields.Sources, null, IncidentFields.SourcesMax));
        foreach (var s in content.Sources)
        {
            if (string.IsNullOrWhiteSpace(s.Url))
                errors.Add(new ValidationError(ErrorKeys.FieldRequired, IncidentFields.SourceUrl));
            else if (!IsWebUrl(s.Url))
                errors.Add(new ValidationError(IncidentErrors.InvalidUrl, IncidentFields.SourceUrl));
            if (!string.IsNullOrWhiteSpace(s.ArchiveUrl) && !IsWebUrl(s.ArchiveUrl))
                errors.Add(new ValidationError(IncidentErrors.InvalidUrl, IncidentFields.ArchiveUrl));
            Max(errors, s.Title, IncidentFields.SourceTitleMax, IncidentFields.SourceTitle, null);
            StatementValidation.Clean(errors, s.Title, IncidentFields.SourceTitle, null);
            if (!Enum.IsDefined(s.Kind))
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Sources));
        }

        if (content.StatementIds.Count > IncidentFields.StatementsMax)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, IncidentFields.Statements, null, IncidentFields.StatementsMax));
        return errors;
    }

    /// <summary>Only absolute http(s) links: a javascript: or file: URL must never reach a public page.</summary>
    public static bool IsWebUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var text = value.Trim();
        return text.Length <= IncidentFields.UrlMax
            && Common.TextRules.IsClean(text) && !text.Any(char.IsWhiteSpace)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host);
    }

    private async Task<IncidentEditModel> ModelOfAsync(StaffUser user, Incident i, CancellationToken ct)
    {
        var lang = Cultures.Current;
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == i.OrganisationId).Select(o => o.ShortName).FirstOrDefaultAsync(ct);
        var userIds = i.VerificationHistory.Where(e => e.ById != null).Select(e => e.ById!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var content = new IncidentContent
        {
            Translations = [.. i.Translations.OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new IncidentTextContent(t.Culture, t.Title, t.Description))],
            Occurred = i.Occurred,
            CategoryId = i.CategoryId,
            ActorId = i.ActorId,
            RegionId = i.RegionId,
            Settlement = i.Settlement,
            PollingStation = i.PollingStation,
            CampaignId = i.CampaignId,
            Sources = [.. i.Sources.OrderBy(s => s.Id).Select(s => new SourceContent(s.Kind, s.Url, s.Title, s.AccessedOn, s.ArchiveUrl))],
            StatementIds = [.. i.Statements.Select(s => s.Id)],
        };
        var history = i.VerificationHistory.OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new IncidentVerificationInfo(e.Status, e.At, e.ById, e.ById is { } by && names.TryGetValue(by, out var n) ? n : null, e.Comment))
            .ToList();
        return new IncidentEditModel(
            i.Id, i.PublicId, i.Version, i.OrganisationId, org?.In(lang) ?? string.Empty,
            i.Verification, i.Visibility, i.RecordedAt, i.UpdatedAt, content, history, ActionsFor(user, i));
    }

    /// <summary>Publishing an incident, or withdrawing it, is an editor's decision.</summary>
    public static bool CanChangeVisibility(StaffUser user) => user.IsEditor;

    public static IncidentActions ActionsFor(StaffUser user, Incident i) => new(
        CanEdit: user.IsEditor || i.Visibility == IncidentVisibility.Internal,
        CanVerify: user.IsEditor,
        CanChangeVisibility: CanChangeVisibility(user),
        CanReadInternal: user.IsEditor && user.OrganisationId == i.OrganisationId,
        NextSteps: user.IsEditor ? NextSteps(i.Verification) : []);

    private static void Max(List<ValidationError> errors, string? value, int max, string field, string? lang)
    {
        if (value is not null && value.Length > max)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, field, lang, max));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
