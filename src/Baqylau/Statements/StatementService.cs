using System.Runtime.CompilerServices;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>
/// The workspace's statement service: drafts, saves with revisions, review and publication, corrections and
/// retractions, history and restore. Role and organisation rules are enforced here, state rules in
/// <see cref="Statement"/>; components call this and never see EF types.
/// </summary>
/// <remarks>
/// In an interactive circuit the scoped DbContext lives as long as the circuit, so every operation starts
/// from a clear change tracker and operations of one circuit (a click during an autosave) run one at a time.
/// </remarks>
public sealed partial class StatementService(
    BaqylauDbContext db,
    TimeProvider clock,
    IPublicContentEvents publicContent,
    ILogger<StatementService> logger)
{
    private static readonly StatementStatus[] Readable = [StatementStatus.Published, StatementStatus.Corrected];
    // Shared with the other services on the same circuit's context (see DbContextGate.For).
    private readonly DbContextGate _gate = DbContextGate.For(db);

    // ---------------------------------------------------------------- reading

    public Task<PagedResult<StatementRow>> ListAsync(StaffUser user, StatementListQuery query, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            var lang = Cultures.Current;
            var statements = db.Statements.AsNoTracking();
            if (!user.IsAdmin)
                statements = statements.Where(s => s.OrganisationId == user.OrganisationId);
            else if (query.OrganisationId is { } org)
                statements = statements.Where(s => s.OrganisationId == org);
            if (query.Status is { } status)
                statements = statements.Where(s => s.Status == status);
            if (query.CampaignId is { } campaign)
                statements = statements.Where(s => s.CampaignId == campaign);
            if (query.RubricId is { } rubric)
                statements = statements.Where(s => s.RubricId == rubric);
            if (query.ParityProblemsOnly)
            {
                var languages = Cultures.All.Count;
                statements = statements.Where(s => s.Translations.Count < languages
                    || s.Translations.Any(t => s.Translations.Any(u => u.UpdatedAt > t.UpdatedAt + TranslationParity.Threshold)));
            }

            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var pattern = "%" + EscapeLike(TextRules.Cleaned(query.Search.Trim())) + "%";
                statements = statements.Where(s => s.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
            }

            var total = await statements.CountAsync(ct);
            statements = (query.Sort, query.Descending) switch
            {
                (StatementSort.Title, false) => statements.OrderBy(s => s.Translations.Where(t => t.Culture == lang).Select(t => t.Title).FirstOrDefault()),
                (StatementSort.Title, true) => statements.OrderByDescending(s => s.Translations.Where(t => t.Culture == lang).Select(t => t.Title).FirstOrDefault()),
                (StatementSort.Status, false) => statements.OrderBy(s => s.Status),
                (StatementSort.Status, true) => statements.OrderByDescending(s => s.Status),
                (StatementSort.PublishedAt, false) => statements.OrderBy(s => s.PublishedAt),
                (StatementSort.PublishedAt, true) => statements.OrderByDescending(s => s.PublishedAt),
                (StatementSort.ScheduledFor, false) => statements.OrderBy(s => s.ScheduledFor),
                (StatementSort.ScheduledFor, true) => statements.OrderByDescending(s => s.ScheduledFor),
                (_, false) => statements.OrderBy(s => s.UpdatedAt),
                _ => statements.OrderByDescending(s => s.UpdatedAt),
            };
            var page = Math.Max(1, query.Page);
            var size = Math.Clamp(query.PageSize, 1, 200);
            var rows = await ((IOrderedQueryable<Statement>)statements).ThenByDescending(s => s.Id)
                .Skip(TextRules.Offset(page, size)).Take(size)
                .Select(s => new
                {
                    s.Id,
                    s.Status,
                    s.UpdatedAt,
                    s.PublishedAt,
                    s.ScheduledFor,
                    Org = s.Organisation!.ShortName,
                    Rubric = s.Rubric != null ? s.Rubric.Name : null,
                    Campaign = s.Campaign != null ? s.Campaign.Title : null,
                    Texts = s.Translations.Select(t => new { t.Culture, t.Title, t.UpdatedAt }).ToList(),
                })
                .ToListAsync(ct);
            var items = rows.Select(r => new StatementRow(
                r.Id,
                (r.Texts.FirstOrDefault(t => t.Culture == lang) ?? r.Texts.FirstOrDefault())?.Title ?? string.Empty,
                r.Org.In(lang),
                r.Status,
                r.Rubric?.In(lang),
                r.Campaign?.In(lang),
                r.UpdatedAt,
                r.PublishedAt,
                r.ScheduledFor,
                Parity(r.Texts.Select(t => (t.Culture, t.UpdatedAt))))).ToList();
            return new PagedResult<StatementRow>(items, total, page, size);
        });

    public Task<StatementEditModel> GetAsync(StaffUser user, Guid id, CancellationToken ct = default) =>
        Serialised(() => BuildModelAsync(user, id, ct));

    public Task<StatementEditorOptions> OptionsAsync(StaffUser user, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            var lang = Cultures.Current;
            var rubrics = await db.Rubrics.AsNoTracking().OrderBy(r => r.SortOrder).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
            var campaigns = await db.Campaigns.AsNoTracking().Where(c => !c.IsArchived).OrderByDescending(c => c.VotingDay)
                .Select(c => new { c.Id, c.Title }).ToListAsync(ct);
            var tags = await db.Tags.AsNoTracking().OrderBy(t => t.Slug).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
            var orgs = user.IsAdmin
                ? await db.Organisations.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.Slug).Select(o => new { o.Id, o.ShortName }).ToListAsync(ct)
                : await db.Organisations.AsNoTracking().Where(o => o.Id == user.OrganisationId).Select(o => new { o.Id, o.ShortName }).ToListAsync(ct);
            return new StatementEditorOptions(
                [.. rubrics.Select(r => new NamedRef(r.Id, r.Name.In(lang)))],
                [.. campaigns.Select(c => new NamedRef(c.Id, c.Title.In(lang)))],
                [.. tags.Select(t => new NamedRef(t.Id, t.Name.In(lang))).OrderBy(t => t.Name, StringComparer.CurrentCulture)],
                [.. orgs.Select(o => new NamedRef(o.Id, o.ShortName.In(lang)))]);
        });

    /// <summary>"Read also" candidates: published statements (of any organisation: they are public) whose title matches.</summary>
    public Task<IReadOnlyList<NamedRef>> SearchRelatedAsync(StaffUser user, string? text, Guid? excludeId, CancellationToken ct = default) =>
        Serialised<IReadOnlyList<NamedRef>>(async () =>
        {
            RequireStaff(user);
            var lang = Cultures.Current;
            var query = db.Statements.AsNoTracking().Where(s => Readable.Contains(s.Status) && s.Id != excludeId);
            if (!string.IsNullOrWhiteSpace(text))
            {
                var pattern = "%" + EscapeLike(TextRules.Cleaned(text.Trim())) + "%";
                query = query.Where(s => s.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
            }

            var rows = await query.OrderByDescending(s => s.PublishedAt).Take(15)
                .Select(s => new { s.Id, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
                .ToListAsync(ct);
            return [.. rows.Select(r => new NamedRef(r.Id, (r.Texts.FirstOrDefault(t => t.Culture == lang) ?? r.Texts.FirstOrDefault())?.Title ?? string.Empty))];
        });

    // ---------------------------------------------------------------- writing

    /// <summary>A new draft in the user's organisation (admins may name another). Writes revision 1.</summary>
    public Task<SaveResult> CreateAsync(StaffUser user, StatementContent content, Guid? organisationId = null, CancellationToken ct = default) =>
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
            var statement = new Statement
            {
                OrganisationId = org.Value,
                Status = StatementStatus.Draft,
                CreatedById = user.UserId,
                CreatedAt = now,
                UpdatedAt = now,
            };
            ThrowIfInvalid(content, statement.Id);
            db.Statements.Add(statement);
            await ApplyAsync(statement, content, user, updateSlugs: true, ct);
            AddRevision(statement, RevisionKind.Create, null, user, 1);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Statement {StatementId} created", statement.Id);
            return new SaveResult(statement.Id, statement.Version, 1);
        });

    /// <summary>Saves both translations and the statement's fields; every save is a new revision.</summary>
    /// <exception cref="ConflictException<StatementEditModel>">Someone saved since <paramref name="expectedVersion"/>.</exception>
    public Task<SaveResult> SaveAsync(StaffUser user, Guid id, StatementContent content, uint expectedVersion, SaveOptions? options = null, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            options ??= new SaveOptions();
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditable(user, statement);
            if (!statement.IsEditableWithoutCorrection)
                throw new RuleException(StatementErrors.PublicTextNeedsCorrection);
            ThrowIfInvalid(content, id);
            await ApplyAsync(statement, content, user, options.UpdateSlugs, ct);
            statement.Touch(clock);
            return await CommitAsync(user, statement, RevisionKind.Save, options.Comment, publicChange: false, ct);
        });

    public Task<SaveResult> SubmitAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            statement.SubmitForReview(clock);
            return await CommitAsync(user, statement, RevisionKind.Submit, null, publicChange: false, ct);
        });

    /// <summary>Back to the author with a comment, which the editor shows the author.</summary>
    public Task<SaveResult> SendBackAsync(StaffUser user, Guid id, uint expectedVersion, string comment, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            if (string.IsNullOrWhiteSpace(comment))
                throw new ValidationException([new ValidationError(StatementErrors.CommentRequired, StatementFields.Note)]);
            StatementValidation.ThrowIfInvalidNote(comment, 2000);
            statement.SendBackToDraft(clock);
            return await CommitAsync(user, statement, RevisionKind.SendBack, comment.Trim(), publicChange: false, ct);
        });

    /// <param name="allowMissingTranslation">The editor's explicit choice to publish in one language only.</param>
    public Task<SaveResult> PublishAsync(StaffUser user, Guid id, uint expectedVersion, bool allowMissingTranslation = false, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            await FixSlugsAsync(statement, ct);
            statement.Publish(clock, allowMissingTranslation);
            var result = await CommitAsync(user, statement, RevisionKind.Publish, null, publicChange: true, ct);
            logger.LogInformation("Statement {StatementId} published", id);
            return result;
        });

    public Task<SaveResult> ScheduleAsync(StaffUser user, Guid id, uint expectedVersion, DateTimeOffset at, bool allowMissingTranslation = false, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            statement.Schedule(at.ToUniversalTime(), clock, allowMissingTranslation);
            var result = await CommitAsync(user, statement, RevisionKind.Schedule, null, publicChange: false, ct);
            logger.LogInformation("Statement {StatementId} scheduled for {At}", id, at);
            return result;
        });

    public Task<SaveResult> UnscheduleAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            statement.Unschedule(clock);
            return await CommitAsync(user, statement, RevisionKind.Unschedule, null, publicChange: false, ct);
        });

    /// <summary>
    /// Changes a published text together with a dated public note (required, in at least one language).
    /// <paramref name="content"/> may be null to add a note without changing the text.
    /// </summary>
    public Task<SaveResult> CorrectAsync(StaffUser user, Guid id, uint expectedVersion, StatementContent? content, LocalizedText note, SaveOptions? options = null, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            options ??= new SaveOptions();
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            if (content is not null)
            {
                ThrowIfInvalid(content, id);
                await ApplyAsync(statement, content, user, options.UpdateSlugs, ct);
            }

            foreach (var (lang, text) in note.Values)
                StatementValidation.ThrowIfInvalidNote(text, 2000, lang);
            statement.Correct(note, clock);
            return await CommitAsync(user, statement, RevisionKind.Correct, options.Comment, publicChange: true, ct);
        });

    public Task<SaveResult> RetractAsync(StaffUser user, Guid id, uint expectedVersion, LocalizedText reason, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditor(user);
            foreach (var (lang, text) in reason.Values)
                StatementValidation.ThrowIfInvalidNote(text, 2000, lang);
            statement.Retract(reason, clock);
            var result = await CommitAsync(user, statement, RevisionKind.Retract, null, publicChange: true, ct);
            logger.LogInformation("Statement {StatementId} retracted", id);
            return result;
        });

    /// <summary>
    /// Restores the text and fields of revision <paramref name="number"/> as a new revision. Once public, a restore
    /// is a correction and needs its note.
    /// </summary>
    public Task<SaveResult> RestoreAsync(StaffUser user, Guid id, int number, uint expectedVersion, LocalizedText? correctionNote = null, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            var statement = await LoadForChangeAsync(user, id, expectedVersion, ct);
            RequireEditable(user, statement);
            var snapshotJson = await db.StatementRevisions.AsNoTracking()
                .Where(r => r.StatementId == id && r.Number == number).Select(r => r.Snapshot).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException();
            var content = await WithoutVanishedReferencesAsync(StatementSnapshot.FromJson(snapshotJson).ToContent(), ct);
            var comment = "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (statement.IsEditableWithoutCorrection)
            {
                await ApplyAsync(statement, content, user, updateSlugs: false, ct, checkPhoto: false);
                statement.Touch(clock);
                return await CommitAsync(user, statement, RevisionKind.Restore, comment, publicChange: false, ct);
            }

            RequireEditor(user);
            await ApplyAsync(statement, content, user, updateSlugs: false, ct, checkPhoto: false);
            statement.Correct(correctionNote ?? new LocalizedText(), clock);
            return await CommitAsync(user, statement, RevisionKind.Restore, comment, publicChange: true, ct);
        });

    /// <summary>Publishes every scheduled statement that is due; called by <see cref="ScheduledPublisher"/>.</summary>
    /// <returns>The ids published now.</returns>
    public Task<IReadOnlyList<Guid>> PublishDueAsync(CancellationToken ct = default) =>
        Serialised<IReadOnlyList<Guid>>(async () =>
        {
            var now = clock.GetUtcNow();
            var due = await db.Statements.AsNoTracking()
                .Where(s => s.ScheduledFor != null && s.ScheduledFor <= now
                    && (s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview))
                .OrderBy(s => s.ScheduledFor).Select(s => s.Id).ToListAsync(ct);
            var published = new List<Guid>();
            foreach (var id in due)
            {
                db.ChangeTracker.Clear();
                var statement = await LoadTrackedAsync(id, ct);
                if (statement is null || !statement.IsDue(now))
                    continue;
                try
                {
                    await FixSlugsAsync(statement, ct);
                    // The editor chose the languages when scheduling; the schedule itself is that decision.
                    statement.Publish(clock, allowMissingTranslation: true);
                    AddRevision(statement, RevisionKind.ScheduledPublish, null, null, await NextRevisionAsync(id, ct));
                    await db.SaveChangesAsync(ct);
                    published.Add(id);
                    logger.LogInformation("Scheduled statement {StatementId} published", id);
                    await publicContent.StatementChangedAsync(id, ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Someone saved it this very moment: the next round publishes it.
                    logger.LogInformation("Scheduled statement {StatementId} changed while publishing; retrying later", id);
                }
                catch (DomainException ex)
                {
                    logger.LogWarning("Scheduled statement {StatementId} could not be published: {Reason}", id, ex.ErrorKey);
                }
            }

            return published;
        });

    /// <summary>When the next scheduled publication is due, if any, so the publisher can sleep until then.</summary>
    public Task<DateTimeOffset?> NextScheduledAsync(CancellationToken ct = default) =>
        Serialised(() => db.Statements.AsNoTracking()
            .Where(s => s.ScheduledFor != null && (s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview))
            .MinAsync(s => s.ScheduledFor, ct));

    // ---------------------------------------------------------------- photos

    /// <summary>Records who uploaded a photo, so that until a statement uses it only their organisation sees it.</summary>
    public Task RecordPhotoUploadAsync(StaffUser user, string name, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            if (!StatementPhotoStore.IsValidName(name))
                throw new ValidationException([new ValidationError(ImageErrors.PhotoUnreadable, StatementFields.Photo)]);
            db.StatementPhotoUploads.Add(new StatementPhotoUpload
            {
                Name = name,
                OrganisationId = user.OrganisationId,
                UploadedById = user.UserId,
                UploadedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
            return true;
        });

    /// <summary>
    /// Whether the workspace may show this user a stored photo: admins every one (they see every statement); others
    /// a photo of a statement they may open, of a public one, or (used by no statement yet) one their organisation
    /// uploaded. Anything else is "not found", as another organisation's draft is.
    /// </summary>
    public Task<bool> CanViewPhotoAsync(StaffUser user, string name, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            RequireStaff(user);
            if (!StatementPhotoStore.IsValidName(name))
                return false;
            if (user.IsAdmin)
                return true;
            var users = await db.Statements.AsNoTracking().Where(s => s.PhotoPath == name)
                .Select(s => new { s.Id, s.OrganisationId, s.Status }).ToListAsync(ct);
            if (users.Any(s => user.CanAccess(s.OrganisationId) || Readable.Contains(s.Status)))
                return true;
            if (users.Count > 0)
            {
                AccessRefusals.OtherOrganisation(logger, user.UserId, nameof(Statement), users[0].Id);
                return false;
            }

            var upload = await db.StatementPhotoUploads.AsNoTracking().Where(u => u.Name == name)
                .Select(u => new { u.OrganisationId }).FirstOrDefaultAsync(ct);
            if (upload is null)
                return false;
            if (upload.OrganisationId is { } org && user.CanAccess(org))
                return true;
            AccessRefusals.OtherOrganisation(logger, user.UserId, nameof(StatementPhotoUpload), name);
            return false;
        });

    // ---------------------------------------------------------------- history

    public Task<IReadOnlyList<RevisionInfo>> RevisionsAsync(StaffUser user, Guid id, CancellationToken ct = default) =>
        Serialised<IReadOnlyList<RevisionInfo>>(async () =>
        {
            await RequireAccessAsync(user, id, ct);
            var rows = await db.StatementRevisions.AsNoTracking()
                .Where(r => r.StatementId == id)
                .OrderByDescending(r => r.Number)
                .Select(r => new
                {
                    r.Number,
                    r.Kind,
                    r.CreatedAt,
                    Author = db.Users.Where(u => u.Id == r.CreatedById).Select(u => u.DisplayName).FirstOrDefault(),
                    r.Comment,
                    r.Snapshot,
                })
                .ToListAsync(ct);
            return [.. rows.Select(r => new RevisionInfo(r.Number, r.Kind, r.CreatedAt, r.Author, r.Comment, StatementSnapshot.FromJson(r.Snapshot).Status))];
        });

    /// <summary>Field-by-field differences between two revisions, per language, with a line diff of the bodies.</summary>
    public Task<StatementDiff> DiffAsync(StaffUser user, Guid id, int fromNumber, int toNumber, CancellationToken ct = default) =>
        Serialised(async () =>
        {
            await RequireAccessAsync(user, id, ct);
            var snapshots = await db.StatementRevisions.AsNoTracking()
                .Where(r => r.StatementId == id && (r.Number == fromNumber || r.Number == toNumber))
                .Select(r => new { r.Number, r.Snapshot })
                .ToListAsync(ct);
            var from = snapshots.FirstOrDefault(s => s.Number == fromNumber) ?? throw new NotFoundException();
            var to = snapshots.FirstOrDefault(s => s.Number == toNumber) ?? throw new NotFoundException();
            var names = await NamesAsync(ct);
            return StatementDiffer.Compare(fromNumber, StatementSnapshot.FromJson(from.Snapshot), toNumber, StatementSnapshot.FromJson(to.Snapshot), names);
        });

    // ---------------------------------------------------------------- internals

    private Task<T> Serialised<T>(Func<Task<T>> action) => _gate.RunAsync(action);

    private void RequireStaff(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireStaff(user, logger, operation);

    private void RequireEditor(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireEditor(user, logger, operation);

    private void RequireEditable(StaffUser user, Statement statement, [CallerMemberName] string operation = "")
    {
        if (statement.Status == StatementStatus.Retracted)
            throw new RuleException(StatementErrors.Retracted);
        if (!statement.IsEditableWithoutCorrection && !user.IsEditor)
            throw StaffRules.Refused(user, logger, operation);
    }

    private async Task RequireAccessAsync(StaffUser user, Guid id, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var org = await db.Statements.AsNoTracking().Where(s => s.Id == id).Select(s => (Guid?)s.OrganisationId).FirstOrDefaultAsync(ct);
        if (org is null)
            throw new NotFoundException();
        if (!user.CanAccess(org.Value))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Statement), id, operation);
    }

    private Task<Statement?> LoadTrackedAsync(Guid id, CancellationToken ct) =>
        db.Statements
            .Include(s => s.Translations)
            .Include(s => s.Tags)
            .Include(s => s.Related)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>Loads for a change and checks access and the version the user saw.</summary>
    private async Task<Statement> LoadForChangeAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var statement = await LoadTrackedAsync(id, ct) ?? throw new NotFoundException();
        if (!user.CanAccess(statement.OrganisationId))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Statement), id, operation);
        if (statement.Version != expectedVersion)
            throw new ConflictException<StatementEditModel>(await ModelOfAsync(user, statement, ct));
        // The UPDATE's WHERE carries the version the user saw, so a save landing in between is caught too.
        db.Entry(statement).Property(s => s.Version).OriginalValue = expectedVersion;
        return statement;
    }

    private async Task<SaveResult> CommitAsync(StaffUser user, Statement statement, RevisionKind kind, string? comment, bool publicChange, CancellationToken ct)
    {
        var number = await NextRevisionAsync(statement.Id, ct);
        AddRevision(statement, kind, comment, user, number);
        // Always UPDATE the statement row, even when only a translation changed (or the clock did not move):
        // that is what checks the version the user saw and moves xmin for the next writer.
        db.Entry(statement).Property(s => s.UpdatedAt).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await LoadTrackedAsync(statement.Id, ct) ?? throw new NotFoundException();
            throw new ConflictException<StatementEditModel>(await ModelOfAsync(user, current, ct));
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two saves of the same statement raced for the next revision number: the later one is stale.
            db.ChangeTracker.Clear();
            var current = await LoadTrackedAsync(statement.Id, ct) ?? throw new NotFoundException();
            throw new ConflictException<StatementEditModel>(await ModelOfAsync(user, current, ct));
        }

        if (publicChange || statement.IsPublic)
            await publicContent.StatementChangedAsync(statement.Id, ct);
        return new SaveResult(statement.Id, statement.Version, number);
    }

    private async Task<int> NextRevisionAsync(Guid id, CancellationToken ct) =>
        (await db.StatementRevisions.Where(r => r.StatementId == id).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;

    private void AddRevision(Statement statement, RevisionKind kind, string? comment, StaffUser? user, int number) =>
        db.StatementRevisions.Add(new StatementRevision
        {
            StatementId = statement.Id,
            Number = number,
            Kind = kind,
            Comment = comment,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = user?.UserId,
            Snapshot = StatementSnapshot.Of(statement).ToJson(),
        });

    private static void ThrowIfInvalid(StatementContent content, Guid id)
    {
        var errors = StatementValidation.Validate(content, id);
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    /// <summary>Copies content into the entity; translation timestamps move only for the language whose text changed.</summary>
    private async Task ApplyAsync(Statement statement, StatementContent content, StaffUser user, bool updateSlugs, CancellationToken ct, bool checkPhoto = true)
    {
        var now = clock.GetUtcNow();
        var errors = new List<ValidationError>();
        if (content.CampaignId is { } campaign && !await db.Campaigns.AnyAsync(c => c.Id == campaign, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Campaign));
        if (content.RubricId is { } rubric && !await db.Rubrics.AnyAsync(r => r.Id == rubric, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Rubric));
        var tagIds = content.TagIds.Distinct().ToList();
        var tags = await db.Tags.Where(t => tagIds.Contains(t.Id)).ToListAsync(ct);
        if (tags.Count != tagIds.Count)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Tags));
        if (checkPhoto && !await UsablePhotoAsync(statement, content.PhotoPath, ct))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Photo));
        var relatedIds = content.RelatedIds.Distinct().ToList();
        var relatedFound = await db.Statements.CountAsync(s => relatedIds.Contains(s.Id), ct);
        if (relatedFound != relatedIds.Count)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Related));

        // Once public, a language's text can change but not disappear: its URL is out there.
        foreach (var existing in statement.Translations)
        {
            var incoming = content.Translation(existing.Culture);
            if ((incoming is null || incoming.IsBlank) && statement.PublishedAt is not null)
                errors.Add(new ValidationError(ErrorKeys.FieldRequired, StatementFields.Title, existing.Culture));
        }

        if (errors.Count > 0)
            throw new ValidationException(errors);

        statement.CampaignId = content.CampaignId;
        statement.RubricId = content.RubricId;
        statement.PhotoPath = string.IsNullOrWhiteSpace(content.PhotoPath) ? null : content.PhotoPath;
        statement.Tags.RemoveAll(t => !tagIds.Contains(t.Id));
        statement.Tags.AddRange(tags.Where(t => statement.Tags.All(e => e.Id != t.Id)));

        statement.Related.RemoveAll(r => !relatedIds.Contains(r.RelatedStatementId));
        for (var i = 0; i < relatedIds.Count; i++)
        {
            var relation = statement.Related.FirstOrDefault(r => r.RelatedStatementId == relatedIds[i]);
            if (relation is null)
                statement.Related.Add(new StatementRelation { StatementId = statement.Id, RelatedStatementId = relatedIds[i], Position = i });
            else
                relation.Position = i;
        }

        foreach (var lang in Cultures.All)
        {
            var incoming = content.Translation(lang);
            var existing = statement.Translation(lang);
            if (incoming is null || incoming.IsBlank)
            {
                if (existing is not null)
                    statement.Translations.Remove(existing);
                continue;
            }

            var title = incoming.Title.Trim();
            var lead = incoming.Lead.Trim();
            var body = incoming.Body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
            var caption = NullIfBlank(incoming.PhotoCaption);
            var alt = NullIfBlank(incoming.PhotoAlt);
            if (existing is null)
            {
                statement.Translations.Add(new StatementTranslation
                {
                    StatementId = statement.Id,
                    Culture = lang,
                    Slug = await UniqueSlugAsync(lang, title, statement, ct),
                    Title = title,
                    Lead = lead,
                    Body = body,
                    PhotoCaption = caption,
                    PhotoAlt = alt,
                    UpdatedAt = now,
                });
                continue;
            }

            var changed = existing.Title != title || existing.Lead != lead || existing.Body != body
                || existing.PhotoCaption != caption || existing.PhotoAlt != alt;
            if (!changed)
                continue;
            var titleChanged = existing.Title != title;
            existing.Title = title;
            existing.Lead = lead;
            existing.Body = body;
            existing.PhotoCaption = caption;
            existing.PhotoAlt = alt;
            existing.UpdatedAt = now;
            // Slugs follow the headline until first publication; after it only on the editor's explicit request.
            var slugsFixed = statement.PublishedAt is not null;
            if (titleChanged && (!slugsFixed || (updateSlugs && user.IsEditor)))
            {
                var newSlug = await UniqueSlugAsync(lang, title, statement, ct);
                // Readers have seen the old URL: keep it answering with a 301, committed with the new slug.
                if (slugsFixed && newSlug != existing.Slug)
                    await new StatementSlugs(db, clock).RecordChangeAsync(statement.Id, lang, existing.Slug, newSlug, ct);
                existing.Slug = newSlug;
            }
        }
    }

    /// <summary>
    /// A new photo name must be an upload of the statement's organisation (or of an admin) or a photo the
    /// organisation already uses: a name typed in (or another organisation's) is refused.
    /// </summary>
    private async Task<bool> UsablePhotoAsync(Statement statement, string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name == statement.PhotoPath)
            return true;
        if (!StatementPhotoStore.IsValidName(name))
            return false;
        var org = statement.OrganisationId;
        return await db.StatementPhotoUploads.AnyAsync(u => u.Name == name && (u.OrganisationId == null || u.OrganisationId == org), ct)
            || await db.Statements.AnyAsync(s => s.PhotoPath == name && s.OrganisationId == org, ct);
    }

    /// <summary>Publication fixes the slugs; make sure each is still the best free one for its title before that.</summary>
    private async Task FixSlugsAsync(Statement statement, CancellationToken ct)
    {
        if (statement.PublishedAt is not null)
            return;
        foreach (var t in statement.Translations)
        {
            var slug = await UniqueSlugAsync(t.Culture, t.Title, statement, ct);
            if (slug != t.Slug)
                t.Slug = slug;
        }
    }

    private async Task<string> UniqueSlugAsync(string lang, string title, Statement statement, CancellationToken ct)
    {
        var slug = Slugs.Slugify(title);
        if (slug.Length == 0)
            slug = statement.PublicId;
        var prefix = EscapeLike(slug) + "-%";
        var taken = (await db.StatementTranslations.AsNoTracking()
                .Where(t => t.Culture == lang && t.StatementId != statement.Id && (t.Slug == slug || EF.Functions.Like(t.Slug, prefix, "\\")))
                .Select(t => t.Slug)
                .ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(slug))
            return slug;
        for (var n = 2; ; n++)
        {
            var candidate = Slugs.WithSuffix(slug, n);
            if (!taken.Contains(candidate))
                return candidate;
        }
    }

    private async Task<StatementContent> WithoutVanishedReferencesAsync(StatementContent content, CancellationToken ct)
    {
        var tagIds = content.TagIds.ToList();
        var relatedIds = content.RelatedIds.ToList();
        var tags = await db.Tags.Where(t => tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var related = await db.Statements.Where(s => relatedIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var campaign = content.CampaignId is { } c && await db.Campaigns.AnyAsync(x => x.Id == c, ct) ? content.CampaignId : null;
        var rubric = content.RubricId is { } r && await db.Rubrics.AnyAsync(x => x.Id == r, ct) ? content.RubricId : null;
        return content with
        {
            TagIds = [.. tagIds.Where(tags.Contains)],
            RelatedIds = [.. relatedIds.Where(related.Contains)],
            CampaignId = campaign,
            RubricId = rubric,
        };
    }

    private async Task<StatementEditModel> BuildModelAsync(StaffUser user, Guid id, CancellationToken ct)
    {
        RequireStaff(user, nameof(GetAsync));
        var statement = await db.Statements.AsNoTracking()
            .Include(s => s.Translations)
            .Include(s => s.Tags)
            .Include(s => s.Related)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException();
        if (!user.CanAccess(statement.OrganisationId))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Statement), id, nameof(GetAsync));
        return await ModelOfAsync(user, statement, ct);
    }

    private async Task<StatementEditModel> ModelOfAsync(StaffUser user, Statement s, CancellationToken ct)
    {
        var lang = Cultures.Current;
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == s.OrganisationId).Select(o => o.ShortName).FirstOrDefaultAsync(ct);
        var relatedIds = s.Related.OrderBy(r => r.Position).Select(r => r.RelatedStatementId).ToList();
        var relatedTexts = await db.StatementTranslations.AsNoTracking()
            .Where(t => relatedIds.Contains(t.StatementId))
            .Select(t => new { t.StatementId, t.Culture, t.Title })
            .ToListAsync(ct);
        var related = relatedIds.Select(rid =>
        {
            var texts = relatedTexts.Where(t => t.StatementId == rid).ToList();
            return new NamedRef(rid, (texts.FirstOrDefault(t => t.Culture == lang) ?? texts.FirstOrDefault())?.Title ?? string.Empty);
        }).ToList();

        // The author sees why the statement came back, until it is submitted again.
        var lastReview = await db.StatementRevisions.AsNoTracking()
            .Where(r => r.StatementId == s.Id && (r.Kind == RevisionKind.SendBack || r.Kind == RevisionKind.Submit))
            .OrderByDescending(r => r.Number)
            .Select(r => new { r.Kind, r.Comment })
            .FirstOrDefaultAsync(ct);
        var reviewComment = s.Status == StatementStatus.Draft && lastReview?.Kind == RevisionKind.SendBack ? lastReview.Comment : null;

        var content = new StatementContent
        {
            CampaignId = s.CampaignId,
            RubricId = s.RubricId,
            TagIds = [.. s.Tags.Select(t => t.Id)],
            RelatedIds = relatedIds,
            PhotoPath = s.PhotoPath,
            Translations = [.. s.Translations.OrderBy(t => t.Culture, StringComparer.Ordinal)
                .Select(t => new TranslationContent(t.Culture, t.Title, t.Lead, t.Body, t.PhotoCaption, t.PhotoAlt))],
        };
        return new StatementEditModel(
            s.Id,
            s.PublicId,
            s.Version,
            s.OrganisationId,
            org?.In(lang) ?? string.Empty,
            s.Status,
            content,
            s.Translations.ToDictionary(t => t.Culture, t => t.Slug, StringComparer.Ordinal),
            s.Translations.ToDictionary(t => t.Culture, t => t.UpdatedAt, StringComparer.Ordinal),
            s.PublishedAt,
            s.ScheduledFor,
            s.RetractedAt,
            s.UpdatedAt,
            [.. s.Corrections],
            s.RetractionReason.Clone(),
            related,
            Parity(s.Translations.Select(t => (t.Culture, t.UpdatedAt))),
            ActionsFor(user, s),
            reviewComment);
    }

    internal static StatementActions ActionsFor(StaffUser user, Statement s)
    {
        var open = s.IsEditableWithoutCorrection;
        var published = s.Status is StatementStatus.Published or StatementStatus.Corrected;
        return new StatementActions(
            CanEdit: open || (published && user.IsEditor),
            CanSubmit: s.Status == StatementStatus.Draft,
            CanPublish: open && user.IsEditor,
            CanSchedule: open && user.IsEditor,
            CanUnschedule: open && user.IsEditor && s.ScheduledFor is not null,
            CanSendBack: s.Status == StatementStatus.InReview && user.IsEditor,
            CanCorrect: published && user.IsEditor,
            CanRetract: published && user.IsEditor,
            CanRestore: open || (published && user.IsEditor),
            CanChangeSlugs: user.IsEditor && s.PublishedAt is not null);
    }

    /// <summary>Missing languages, and the language whose text lags the other's by more than the threshold.</summary>
    public static TranslationParity Parity(IEnumerable<(string Culture, DateTimeOffset UpdatedAt)> translations)
    {
        var present = translations.ToList();
        var missing = Cultures.All.Where(l => present.All(p => p.Culture != l)).ToList();
        string? outdated = null;
        if (present.Count >= 2)
        {
            var oldest = present.MinBy(p => p.UpdatedAt);
            var newest = present.MaxBy(p => p.UpdatedAt);
            if (newest.UpdatedAt - oldest.UpdatedAt > TranslationParity.Threshold)
                outdated = oldest.Culture;
        }

        return new TranslationParity(missing, outdated);
    }

    private async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(CancellationToken ct)
    {
        var lang = Cultures.Current;
        var names = new Dictionary<Guid, string>();
        foreach (var r in await db.Rubrics.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            names[r.Id] = r.Name.In(lang);
        foreach (var c in await db.Campaigns.AsNoTracking().Select(c => new { c.Id, c.Title }).ToListAsync(ct))
            names[c.Id] = c.Title.In(lang);
        foreach (var t in await db.Tags.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            names[t.Id] = t.Name.In(lang);
        return names;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
