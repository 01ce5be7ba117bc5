using System.Runtime.CompilerServices;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>
/// One workspace operation on statements, on its own short-lived context: the steps every change shares (load with
/// the access and version checks, apply an edit, commit with a revision, build what the editor shows next). The
/// statement services open one per call and dispose it with the call.
/// </summary>
internal sealed class StatementChanges(BaqylauDbContext db, TimeProvider clock, IPublicContentEvents publicContent, ILogger logger)
    : IAsyncDisposable
{
    internal static readonly StatementStatus[] Readable = [StatementStatus.Published, StatementStatus.Corrected];

    public BaqylauDbContext Db => db;

    public static async Task<StatementChanges> OpenAsync(IDbContextFactory<BaqylauDbContext> contexts, TimeProvider clock,
        IPublicContentEvents publicContent, ILogger logger, CancellationToken ct) =>
        new(await contexts.CreateDbContextAsync(ct), clock, publicContent, logger);

    public ValueTask DisposeAsync() => db.DisposeAsync();

    // ---------------------------------------------------------------- access

    public void RequireStaff(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireStaff(user, logger, operation);

    public void RequireEditor(StaffUser user, [CallerMemberName] string operation = "") => StaffRules.RequireEditor(user, logger, operation);

    /// <summary>Retracted statements stay as they are; a public text changes only by an editor's correction.</summary>
    public void RequireEditable(StaffUser user, Statement statement, [CallerMemberName] string operation = "")
    {
        if (statement.Status == StatementStatus.Retracted)
            throw new RuleException(StatementErrors.Retracted);
        if (!statement.IsEditableWithoutCorrection && !user.IsEditor)
            throw StaffRules.Refused(user, logger, operation);
    }

    /// <summary>The statement exists and belongs to the user's organisation (admins: any); otherwise "not found".</summary>
    public async Task RequireAccessAsync(StaffUser user, Guid id, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var org = await db.Statements.AsNoTracking().Where(s => s.Id == id).Select(s => (Guid?)s.OrganisationId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        if (!user.CanAccess(org))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Statement), id, operation);
    }

    public Task<Statement?> LoadTrackedAsync(Guid id, CancellationToken ct) =>
        db.Statements
            .Include(s => s.Translations)
            .Include(s => s.Tags)
            .Include(s => s.Related)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>Loads for a change and checks access and the version the user saw.</summary>
    public async Task<Statement> LoadForChangeAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct, [CallerMemberName] string operation = "")
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

    // ---------------------------------------------------------------- committing

    /// <summary>
    /// Saves the change with its revision and returns what the editor shows next: the statement as now stored and
    /// its revisions. A save that lost the race to another one is a conflict carrying the other's version.
    /// </summary>
    public async Task<SaveResult> CommitAsync(StaffUser user, Statement statement, RevisionKind kind, string? comment, bool publicChange, CancellationToken ct)
    {
        AddRevision(statement, kind, comment, user, await NextRevisionAsync(statement.Id, ct));
        // Always UPDATE the statement row, even when only a translation changed (or the clock did not move):
        // that is what checks the version the user saw and moves xmin for the next writer.
        db.Entry(statement).Property(s => s.UpdatedAt).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw await ConflictAsync(user, statement.Id, ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two saves of the same statement raced for the next revision number: the later one is stale.
            throw await ConflictAsync(user, statement.Id, ct);
        }

        if (publicChange || statement.IsPublic)
            await publicContent.StatementChangedAsync(statement.Id, ct);
        return await ResultAsync(user, statement, ct);
    }

    /// <summary>The statement as stored now and its revisions, for the editor to show without reading again.</summary>
    public async Task<SaveResult> ResultAsync(StaffUser user, Statement statement, CancellationToken ct) =>
        new(await ModelOfAsync(user, statement, ct), await RevisionsAsync(statement.Id, ct));

    private async Task<ConflictException<StatementEditModel>> ConflictAsync(StaffUser user, Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await LoadTrackedAsync(id, ct) ?? throw new NotFoundException();
        return new ConflictException<StatementEditModel>(await ModelOfAsync(user, current, ct));
    }

    public async Task<int> NextRevisionAsync(Guid id, CancellationToken ct) =>
        (await db.StatementRevisions.Where(r => r.StatementId == id).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;

    public void AddRevision(Statement statement, RevisionKind kind, string? comment, StaffUser? user, int number) =>
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

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<RevisionInfo>> RevisionsAsync(Guid id, CancellationToken ct)
    {
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
    }

    // ---------------------------------------------------------------- editing

    public static void ThrowIfInvalid(StatementContent content, Guid id)
    {
        var errors = StatementValidation.Validate(content, id);
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    /// <summary>Copies content into the entity; translation timestamps move only for the language whose text changed.</summary>
    public async Task ApplyAsync(Statement statement, StatementContent content, StaffUser user, bool updateSlugs, CancellationToken ct, bool checkPhoto = true)
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

        var newest = statement.Translations.Select(t => t.Edition).DefaultIfEmpty(0).Max();
        var touched = new List<(StatementTranslation Text, bool Added, bool WasInStep)>();
        foreach (var lang in Cultures.All)
        {
            var previous = statement.Translation(lang)?.Edition;
            if (await ApplyTextAsync(statement, lang, content.Translation(lang), user, updateSlugs, now, ct) is { } text)
                touched.Add((text, previous is null, previous == newest));
        }

        StepEditions(touched, newest);
    }

    /// <summary>
    /// Translation state by content (<see cref="StatementTranslation.Edition"/>): a change to a text that was in step
    /// puts every text changed with it one edition ahead, so the others become outdated; changing only texts that
    /// were behind brings them up to the newest (that is how they are brought up to date). A language added now is a
    /// translation of what the others say now: in step with the newest.
    /// </summary>
    private static void StepEditions(List<(StatementTranslation Text, bool Added, bool WasInStep)> touched, int newest)
    {
        var edition = touched.Any(t => !t.Added && t.WasInStep) ? newest + 1 : Math.Max(newest, 1);
        foreach (var (text, _, _) in touched)
            text.Edition = edition;
    }

    /// <returns>The translation when this save added or changed it, else null.</returns>
    private async Task<StatementTranslation?> ApplyTextAsync(Statement statement, string lang, TranslationContent? incoming, StaffUser user, bool updateSlugs, DateTimeOffset now, CancellationToken ct)
    {
        var existing = statement.Translation(lang);
        if (incoming is null || incoming.IsBlank)
        {
            if (existing is not null)
                statement.Translations.Remove(existing);
            return null;
        }

        var title = incoming.Title.Trim();
        var lead = incoming.Lead.Trim();
        var body = incoming.Body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        var caption = TextRules.TrimmedOrNull(incoming.PhotoCaption);
        var alt = TextRules.TrimmedOrNull(incoming.PhotoAlt);
        if (existing is null)
        {
            var fresh = new StatementTranslation
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
            };
            statement.Translations.Add(fresh);
            return fresh;
        }

        var changed = existing.Title != title || existing.Lead != lead || existing.Body != body
            || existing.PhotoCaption != caption || existing.PhotoAlt != alt;
        if (!changed)
            return null;
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

        return existing;
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
    public async Task FixSlugsAsync(Statement statement, CancellationToken ct)
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

    private Task<string> UniqueSlugAsync(string lang, string title, Statement statement, CancellationToken ct)
    {
        var slug = Slugs.Slugify(title);
        if (slug.Length == 0)
            slug = statement.PublicId;
        var others = db.StatementTranslations.AsNoTracking()
            .Where(t => t.Culture == lang && t.StatementId != statement.Id).Select(t => t.Slug);
        return UniqueSlugs.FirstFreeAsync(others, slug, Slugs.DefaultMaxLength, ct);
    }

    /// <summary>A revision's content without the tags, statements, campaign or rubric deleted since.</summary>
    public async Task<StatementContent> WithoutVanishedReferencesAsync(StatementContent content, CancellationToken ct)
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

    // ---------------------------------------------------------------- the editor's model

    public async Task<StatementEditModel> GetModelAsync(StaffUser user, Guid id, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        RequireStaff(user, operation);
        var statement = await db.Statements.AsNoTracking()
            .Include(s => s.Translations)
            .Include(s => s.Tags)
            .Include(s => s.Related)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException();
        if (!user.CanAccess(statement.OrganisationId))
            throw StaffRules.OtherOrganisation(user, logger, nameof(Statement), id, operation);
        return await ModelOfAsync(user, statement, ct);
    }

    public async Task<StatementEditModel> ModelOfAsync(StaffUser user, Statement s, CancellationToken ct)
    {
        var lang = Cultures.Current;
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == s.OrganisationId).Select(o => o.ShortName).FirstOrDefaultAsync(ct);
        var relatedIds = s.Related.OrderBy(r => r.Position).Select(r => r.RelatedStatementId).ToList();
        var relatedTexts = await db.StatementTranslations.AsNoTracking()
            .Where(t => relatedIds.Contains(t.StatementId))
            .Select(t => new { t.StatementId, t.Culture, t.Title })
            .ToListAsync(ct);
        var related = relatedIds
            .Select(rid => new NamedRef(rid, WorkspaceLists.TitleIn(relatedTexts.Where(t => t.StatementId == rid).Select(t => (t.Culture, t.Title)), lang)))
            .ToList();

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
            TranslationParity.Of(s.Translations.Select(t => (t.Culture, t.Edition))),
            StatementActions.For(user, s),
            reviewComment);
    }

    /// <summary>Names of rubrics, campaigns and tags in the current language, for a revision diff.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(CancellationToken ct)
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
}
