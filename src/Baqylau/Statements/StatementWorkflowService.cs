using Baqylau.Data;
using Baqylau.Publishing;
using Baqylau.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>
/// A statement's way to readers: review, publication (now or scheduled), corrections and retraction. Each step
/// checks the version the user saw and writes a revision; the state rules live in <see cref="Statement"/>.
/// </summary>
public sealed class StatementWorkflowService(
    IDbContextFactory<BaqylauDbContext> contexts,
    TimeProvider clock,
    IPublicContentEvents publicContent,
    ILogger<StatementWorkflowService> logger)
{
    public async Task<SaveResult> SubmitAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        statement.SubmitForReview(clock);
        await StatementMail.SubmittedAsync(work.Db, clock, statement, user, ct);
        return await work.CommitAsync(user, statement, RevisionKind.Submit, null, publicChange: false, ct);
    }

    /// <summary>
    /// Back to the author with a comment, which the editor shows the author; the comment also goes into the
    /// statement's editorial thread, tied to the revision it was written on.
    /// </summary>
    public async Task<SaveResult> SendBackAsync(StaffUser user, Guid id, uint expectedVersion, string comment, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        if (string.IsNullOrWhiteSpace(comment))
            throw new ValidationException(new ValidationError(StatementErrors.CommentRequired, StatementFields.Note));
        FieldRules.ThrowIfInvalidNote(comment, 2000);
        statement.SendBackToDraft(clock);
        var text = comment.Trim();
        work.Db.Add(EditorialThreadService.Write(statement.OrganisationId, ThreadSubject.Statement(id), EditorialCommentKind.SendBack,
            user.UserId, await work.NextRevisionAsync(id, ct), text, clock.GetUtcNow()));
        await StatementMail.SentBackAsync(work.Db, clock, statement, user, text, ct);
        return await work.CommitAsync(user, statement, RevisionKind.SendBack, text, publicChange: false, ct);
    }

    /// <param name="allowMissingTranslation">The editor's explicit choice to publish in one language only.</param>
    public async Task<SaveResult> PublishAsync(StaffUser user, Guid id, uint expectedVersion, bool allowMissingTranslation = false, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        await work.FixSlugsAsync(statement, ct);
        statement.Publish(clock, allowMissingTranslation);
        await StatementMail.PublishedAsync(work.Db, clock, statement, user, ct);
        var result = await work.CommitAsync(user, statement, RevisionKind.Publish, null, publicChange: true, ct);
        logger.LogInformation("Statement {StatementId} published", id);
        return result;
    }

    public async Task<SaveResult> ScheduleAsync(StaffUser user, Guid id, uint expectedVersion, DateTimeOffset at, bool allowMissingTranslation = false, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        statement.Schedule(at.ToUniversalTime(), clock, allowMissingTranslation);
        var result = await work.CommitAsync(user, statement, RevisionKind.Schedule, null, publicChange: false, ct);
        logger.LogInformation("Statement {StatementId} scheduled for {At}", id, at);
        return result;
    }

    public async Task<SaveResult> UnscheduleAsync(StaffUser user, Guid id, uint expectedVersion, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        statement.Unschedule(clock);
        return await work.CommitAsync(user, statement, RevisionKind.Unschedule, null, publicChange: false, ct);
    }

    /// <summary>
    /// Changes a published text together with a dated public note (required, in at least one language).
    /// <paramref name="content"/> may be null to add a note without changing the text.
    /// </summary>
    public async Task<SaveResult> CorrectAsync(StaffUser user, Guid id, uint expectedVersion, StatementContent? content, LocalizedText note, SaveOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SaveOptions();
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        if (content is not null)
        {
            StatementChanges.ThrowIfInvalid(content, id);
            await work.ApplyAsync(statement, content, user, options.UpdateSlugs, ct);
        }

        foreach (var (lang, text) in note.Values)
            FieldRules.ThrowIfInvalidNote(text, 2000, lang);
        statement.Correct(note, clock);
        return await work.CommitAsync(user, statement, RevisionKind.Correct, options.Comment, publicChange: true, ct);
    }

    public async Task<SaveResult> RetractAsync(StaffUser user, Guid id, uint expectedVersion, LocalizedText reason, CancellationToken ct = default)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadForChangeAsync(user, id, expectedVersion, ct);
        work.RequireEditor(user);
        foreach (var (lang, text) in reason.Values)
            FieldRules.ThrowIfInvalidNote(text, 2000, lang);
        statement.Retract(reason, clock);
        var result = await work.CommitAsync(user, statement, RevisionKind.Retract, null, publicChange: true, ct);
        logger.LogInformation("Statement {StatementId} retracted", id);
        return result;
    }

    /// <summary>Publishes every scheduled statement that is due; called by <see cref="ScheduledPublisher"/>.</summary>
    /// <returns>The ids published now.</returns>
    public async Task<IReadOnlyList<Guid>> PublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = await db.Statements.AsNoTracking()
                .Where(s => s.ScheduledFor != null && s.ScheduledFor <= now
                    && (s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview))
                .OrderBy(s => s.ScheduledFor).Select(s => s.Id).ToListAsync(ct);
        }

        var published = new List<Guid>();
        foreach (var id in due)
        {
            if (await PublishScheduledAsync(id, now, ct))
                published.Add(id);
        }

        return published;
    }

    /// <summary>One due statement, on its own context: a failure leaves nothing behind for the next.</summary>
    private async Task<bool> PublishScheduledAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var work = await OpenAsync(ct);
        var statement = await work.LoadTrackedAsync(id, ct);
        if (statement is null || !statement.IsDue(now))
            return false;
        try
        {
            await work.FixSlugsAsync(statement, ct);
            // The editor chose the languages when scheduling; the schedule itself is that decision.
            statement.Publish(clock, allowMissingTranslation: true);
            work.AddRevision(statement, RevisionKind.ScheduledPublish, null, null, await work.NextRevisionAsync(id, ct));
            await StatementMail.PublishedAsync(work.Db, clock, statement, null, ct);
            await work.Db.SaveChangesAsync(ct);
            logger.LogInformation("Scheduled statement {StatementId} published", id);
            await publicContent.StatementChangedAsync(id, ct);
            return true;
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

        return false;
    }

    /// <summary>When the next scheduled publication is due, if any, so the publisher can sleep until then.</summary>
    public async Task<DateTimeOffset?> NextScheduledAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Statements.AsNoTracking()
            .Where(s => s.ScheduledFor != null && (s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview))
            .MinAsync(s => s.ScheduledFor, ct);
    }

    private Task<StatementChanges> OpenAsync(CancellationToken ct) => StatementChanges.OpenAsync(contexts, clock, publicContent, logger, ct);
}
