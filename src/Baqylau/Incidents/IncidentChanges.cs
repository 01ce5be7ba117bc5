using System.Runtime.CompilerServices;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Incidents;

/// <summary>
/// One workspace operation on incidents, on its own short-lived context: load with the access and version checks,
/// apply an edit, commit, and build what the editor shows next. <see cref="IncidentService"/> opens one per call.
/// </summary>
internal sealed class IncidentChanges(BaqylauDbContext db, TimeProvider clock, IPublicContentEvents publicContent, ILogger logger)
    : IAsyncDisposable
{
    /// <summary>Statements anyone may link an incident to; an organisation's own ones may be linked in any state.</summary>
    internal static readonly StatementStatus[] PublicStatementStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];

    public BaqylauDbContext Db => db;

    public static async Task<IncidentChanges> OpenAsync(IDbContextFactory<BaqylauDbContext> contexts, TimeProvider clock,
        IPublicContentEvents publicContent, ILogger logger, CancellationToken ct) =>
        new(await contexts.CreateDbContextAsync(ct), clock, publicContent, logger);

    public ValueTask DisposeAsync() => db.DisposeAsync();

    public void RequireStaff(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireStaff(user, logger, operation);

    public void RequireEditor(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireEditor(user, logger, operation);

    public Task<Incident?> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        var q = db.Incidents
            .Include(i => i.Translations)
            .Include(i => i.Sources)
            .Include(i => i.Statements)
            .Include(i => i.VerificationHistory)
            .AsSplitQuery();
        return (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    public async Task<Incident> LoadForChangeAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct, [CallerMemberName] string operation = "")
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

    /// <summary>Only Editors and Admins who belong to the incident's organisation read or write its internal part.</summary>
    public async Task RequireInternalAccessAsync(StaffUser user, Guid id, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var org = await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(i => (Guid?)i.OrganisationId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        if (!user.CanAccess(org))
            throw StaffRules.OtherOrganisation(user, logger, nameof(IncidentInternal), id, operation);
        if (!user.IsEditor || user.OrganisationId != org)
            throw StaffRules.Refused(user, logger, operation);
    }

    /// <summary>Saves the change and returns the incident as now stored; losing a race to another save is a conflict.</summary>
    public async Task<IncidentSaveResult> CommitAsync(StaffUser user, Incident incident, bool publicChange, CancellationToken ct)
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
        return await ResultAsync(user, incident.Id, ct);
    }

    /// <summary>The incident as stored now (read afresh: new sources and history rows have their ids).</summary>
    public async Task<IncidentSaveResult> ResultAsync(StaffUser user, Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var stored = await LoadAsync(id, tracked: false, ct) ?? throw new NotFoundException();
        return new IncidentSaveResult(await ModelOfAsync(user, stored, ct));
    }

    /// <summary>Validates everything at once, then copies content into the entity.</summary>
    public async Task ApplyAsync(Incident incident, IncidentContent content, CancellationToken ct)
    {
        var errors = IncidentValidation.Validate(content);
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

        incident.SetOccurred(content.Occurred);
        incident.CategoryId = content.CategoryId!.Value;
        incident.ActorId = content.ActorId;
        incident.RegionId = content.RegionId;
        incident.Settlement = TextRules.TrimmedOrNull(content.Settlement);
        incident.PollingStation = TextRules.TrimmedOrNull(content.PollingStation);
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
                Title = TextRules.TrimmedOrNull(s.Title),
                AccessedOn = s.AccessedOn,
                ArchiveUrl = TextRules.TrimmedOrNull(s.ArchiveUrl),
            });
        }

        ApplyTexts(incident, content, clock.GetUtcNow());
    }

    private void ApplyTexts(Incident incident, IncidentContent content, DateTimeOffset now)
    {
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

    public async Task<IncidentEditModel> ModelOfAsync(StaffUser user, Incident i, CancellationToken ct)
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
            i.Verification, i.Visibility, i.RecordedAt, i.UpdatedAt, content, history, IncidentRules.ActionsFor(user, i));
    }
}
