using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Review;

public enum ThreadSubjectKind
{
    Statement = 0,
    Incident = 1,
}

/// <summary>What a conversation is about: a statement or an incident.</summary>
public readonly record struct ThreadSubject(ThreadSubjectKind Kind, Guid Id)
{
    public static ThreadSubject Statement(Guid id) => new(ThreadSubjectKind.Statement, id);

    public static ThreadSubject Incident(Guid id) => new(ThreadSubjectKind.Incident, id);
}

/// <summary>A comment as the thread shows it.</summary>
public sealed record EditorialCommentView(
    Guid Id,
    DateTimeOffset At,
    string? AuthorName,
    bool Mine,
    EditorialCommentKind Kind,
    int? RevisionNumber,
    string Body);

/// <summary>Resource keys of the conversation's refusals (Resources/WorkspaceStrings.*.resx).</summary>
public static class ReviewErrors
{
    public const string CommentRequired = "Error_ThreadCommentRequired";
    public const string ThreadClosed = "Error_ThreadClosed";

    public static IReadOnlyList<string> All { get; } = [CommentRequired, ThreadClosed];
}

/// <summary>
/// The editorial conversation: every member of the item's organisation (and admins) reads and writes it. A
/// statement's thread is open until it is published; the editor's "send back" writes into it too
/// (<see cref="StatementWorkflowService.SendBackAsync"/>). An incident's stays open, as verification can be revisited.
/// </summary>
public sealed class EditorialThreadService(
    IDbContextFactory<BaqylauDbContext> contexts,
    TimeProvider clock,
    ILogger<EditorialThreadService> logger)
{
    /// <summary>Oldest first, as a conversation reads.</summary>
    public async Task<IReadOnlyList<EditorialCommentView>> ThreadAsync(StaffUser user, ThreadSubject subject, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireAccessAsync(db, user, subject, ct);
        var rows = await Of(db, subject)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.CreatedAt,
                Author = db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.DisplayName).FirstOrDefault(),
                c.AuthorId,
                c.Kind,
                c.RevisionNumber,
                c.Body,
            })
            .ToListAsync(ct);
        return rows.Select(r => new EditorialCommentView(r.Id, r.CreatedAt, r.Author, r.AuthorId == user.UserId, r.Kind, r.RevisionNumber, r.Body)).ToList();
    }

    /// <summary>Whether the thread takes new comments (it is always readable).</summary>
    public async Task<bool> IsOpenAsync(StaffUser user, ThreadSubject subject, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await RequireAccessAsync(db, user, subject, ct)).Open;
    }

    public async Task<EditorialCommentView> AddAsync(StaffUser user, ThreadSubject subject, string? body, CancellationToken ct = default)
    {
        var text = body?.Trim();
        if (string.IsNullOrEmpty(text))
            throw new ValidationException(new ValidationError(ReviewErrors.CommentRequired, FieldRules.Note));
        FieldRules.ThrowIfInvalidNote(text, EditorialComment.MaxLength);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var target = await RequireAccessAsync(db, user, subject, ct);
        if (!target.Open)
            throw new RuleException(ReviewErrors.ThreadClosed);
        int? revision = subject.Kind == ThreadSubjectKind.Statement
            ? await db.StatementRevisions.Where(r => r.StatementId == subject.Id).MaxAsync(r => (int?)r.Number, ct)
            : null;
        var comment = Write(target.OrganisationId, subject, EditorialCommentKind.Comment, user.UserId, revision, text, clock.GetUtcNow());
        db.Add(comment);
        await db.SaveChangesAsync(ct);
        // The text stays out of the log: it may name observers or witnesses.
        logger.LogInformation("Comment {CommentId} added to {SubjectKind} {SubjectId}", comment.Id, subject.Kind, subject.Id);
        var name = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new EditorialCommentView(comment.Id, comment.CreatedAt, name, true, comment.Kind, revision, text);
    }

    /// <summary>A new comment row; for the workflow, which adds it in its own unit of work.</summary>
    public static EditorialComment Write(Guid organisationId, ThreadSubject subject, EditorialCommentKind kind, Guid? authorId, int? revision, string body, DateTimeOffset at) =>
        new()
        {
            OrganisationId = organisationId,
            StatementId = subject.Kind == ThreadSubjectKind.Statement ? subject.Id : null,
            IncidentId = subject.Kind == ThreadSubjectKind.Incident ? subject.Id : null,
            Kind = kind,
            AuthorId = authorId,
            RevisionNumber = revision,
            Body = body,
            CreatedAt = at,
        };

    private static IQueryable<EditorialComment> Of(BaqylauDbContext db, ThreadSubject subject) =>
        subject.Kind == ThreadSubjectKind.Statement
            ? db.EditorialComments.AsNoTracking().Where(c => c.StatementId == subject.Id)
            : db.EditorialComments.AsNoTracking().Where(c => c.IncidentId == subject.Id);

    private async Task<Target> RequireAccessAsync(BaqylauDbContext db, StaffUser user, ThreadSubject subject, CancellationToken ct)
    {
        StaffRules.RequireStaff(user, logger);
        var target = subject.Kind == ThreadSubjectKind.Statement
            ? await db.Statements.AsNoTracking().Where(s => s.Id == subject.Id)
                .Select(s => new Target(s.OrganisationId, s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview))
                .FirstOrDefaultAsync(ct)
            : await db.Incidents.AsNoTracking().Where(i => i.Id == subject.Id)
                .Select(i => new Target(i.OrganisationId, true))
                .FirstOrDefaultAsync(ct);
        if (target is null)
            throw new NotFoundException();
        if (!user.CanAccess(target.OrganisationId))
            throw StaffRules.OtherOrganisation(user, logger, subject.Kind.ToString(), subject.Id);
        return target;
    }

    private sealed record Target(Guid OrganisationId, bool Open);
}
