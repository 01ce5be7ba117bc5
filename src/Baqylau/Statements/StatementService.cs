using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>
/// The workspace's statements: the list, the editor's choices, and writing a draft's text (create, save). Workflow
/// steps are in <see cref="StatementWorkflowService"/>, history in <see cref="StatementRevisionService"/>, photo
/// access in <see cref="StatementPhotoService"/>. Role and organisation rules are enforced here, state rules in
/// <see cref="Statement"/>; components call these and never see EF types. Each call has its own short-lived context.
/// </summary>
public sealed class StatementService(
    IDbContextFactory<BaqylauDbContext> contexts,
    TimeProvider clock,
    IPublicContentEvents publicContent,
    ILogger<StatementService> logger)
{
    // ---------------------------------------------------------------- reading

    public async Task<PagedResult<StatementRow>> ListAsync(StaffUser user, StatementListQuery query, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lang = Cultures.Current;
        var statements = db.Statements.AsNoTracking().VisibleTo(user, query.OrganisationId);
        if (query.Status is { } status)
            statements = statements.Where(s => s.Status == status);
        if (query.CampaignId is { } campaign)
            statements = statements.Where(s => s.CampaignId == campaign);
        if (query.RubricId is { } rubric)
            statements = statements.Where(s => s.RubricId == rubric);
        if (query.ParityProblemsOnly)
            statements = statements.WithTranslationProblems();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = TextRules.ContainsPattern(query.Search);
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
        var (page, size, skip) = WorkspaceLists.Paging(query.Page, query.PageSize);
        var rows = await ((IOrderedQueryable<Statement>)statements).ThenByDescending(s => s.Id)
            .Skip(skip).Take(size)
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
                Texts = s.Translations.Select(t => new { t.Culture, t.Title, t.Edition }).ToList(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new StatementRow(
            r.Id,
            WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang),
            r.Org.In(lang),
            r.Status,
            r.Rubric?.In(lang),
            r.Campaign?.In(lang),
            r.UpdatedAt,
            r.PublishedAt,
            r.ScheduledFor,
            TranslationParity.Of(r.Texts.Select(t => (t.Culture, t.Edition))))).ToList();
        return new PagedResult<StatementRow>(items, total, page, size);
    }

    public async Task<StatementEditModel> GetAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        return await work.GetModelAsync(user, id, ct);
    }

    public async Task<StatementEditorOptions> OptionsAsync(StaffUser user, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
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
    }

    /// <summary>"Read also" candidates: published statements (of any organisation: they are public) whose title matches.</summary>
    public async Task<IReadOnlyList<NamedRef>> SearchRelatedAsync(StaffUser user, string? text, Guid? excludeId, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lang = Cultures.Current;
        var query = db.Statements.AsNoTracking().Where(s => StatementChanges.Readable.Contains(s.Status) && s.Id != excludeId);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = TextRules.ContainsPattern(text);
            query = query.Where(s => s.Translations.Any(t => EF.Functions.ILike(t.Title, pattern, "\\")));
        }

        var rows = await query.OrderByDescending(s => s.PublishedAt).Take(15)
            .Select(s => new { s.Id, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new NamedRef(r.Id, WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang)))];
    }

    // ---------------------------------------------------------------- writing

    /// <summary>A new draft in the user's organisation (admins may name another). Writes revision 1.</summary>
    public async Task<SaveResult> CreateAsync(StaffUser user, StatementContent content, Guid? organisationId = null, CancellationToken ct = default)
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
        var statement = new Statement
        {
            OrganisationId = org.Value,
            Status = StatementStatus.Draft,
            CreatedById = user.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        StatementChanges.ThrowIfInvalid(content, statement.Id);
        work.Db.Statements.Add(statement);
        await work.ApplyAsync(statement, content, user, updateSlugs: true, ct);
        work.AddRevision(statement, RevisionKind.Create, null, user, 1);
        await work.Db.SaveChangesAsync(ct);
        logger.LogInformation("Statement {StatementId} created", statement.Id);
        return await work.ResultAsync(user, statement, ct);
    }

    /// <summary>Saves both translations and the statement's fields; every save is a new revision.</summary>
    /// <exception cref="ConflictException{StatementEditModel}">Someone saved since <paramref name="expectedVersion"/>.</exception>
    public async Task<SaveResult> SaveAsync(StaffUser user, Guid id, StatementContent content, uint expectedVersion, SaveOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SaveOptions();
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditable(user, statement);
        if (!statement.IsEditableWithoutCorrection)
            throw new RuleException(StatementErrors.PublicTextNeedsCorrection);
        StatementChanges.ThrowIfInvalid(content, id);
        await work.ApplyAsync(statement, content, user, options.UpdateSlugs, ct);
        statement.Touch(clock);
        return await work.CommitAsync(user, statement, RevisionKind.Save, options.Comment, publicChange: false, ct);
    }

    /// <summary>
    /// Someone who reads both languages confirms that <paramref name="lang"/> still says what the newer text says,
    /// without changing it: it is no longer outdated. Changes no public text, so editors may do it once published.
    /// </summary>
    public async Task<SaveResult> MarkTranslationCheckedAsync(StaffUser user, Guid id, string lang, uint expectedVersion, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditable(user, statement);
        var translation = statement.Translation(lang);
        var newest = statement.Translations.Select(t => t.Edition).DefaultIfEmpty(0).Max();
        if (translation is null || translation.Edition >= newest)
            throw new RuleException(StatementErrors.TranslationNotOutdated);
        translation.Edition = newest;
        statement.Touch(clock);
        return await work.CommitAsync(user, statement, RevisionKind.TranslationChecked, lang, publicChange: false, ct);
    }

    private Task<StatementChanges> OpenAsync(CancellationToken ct) => StatementChanges.OpenAsync(contexts, clock, publicContent, logger, ct);
}
