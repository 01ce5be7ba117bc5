using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Desk;

/// <summary>
/// The workspace desk: what waits for the signed-in staff member, by role, scoped as the workspace lists are
/// (<see cref="WorkspaceLists.VisibleTo{T}"/>: their organisation's rows, every organisation's for admins). Each part is
/// read with its own short-lived context, one after another, so a page or the navigation never shares one.
/// </summary>
public sealed class DeskQueries(
    IDbContextFactory<BaqylauDbContext> contexts,
    AuditAlerts alerts,
    TimeProvider clock,
    ILogger<DeskQueries> logger)
{
    /// <summary>How many items a desk list shows; the rest are counted ("and N more") and reached through the full list.</summary>
    public const int Shown = 10;

    /// <summary>The review queue shows more: it is the editor's main work.</summary>
    public const int ReviewShown = 20;

    /// <summary>How far back "recent corrections" go and how far ahead campaign dates are listed.</summary>
    public const int WindowDays = 30;

    private static readonly VerificationStatus[] AwaitingVerification = [VerificationStatus.Reported, VerificationStatus.Corroborated];

    public async Task<StaffDesk> GetAsync(StaffUser user, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        var lang = Cultures.Current;
        var now = clock.GetUtcNow();
        AuthorDesk? author = null;
        EditorDesk? editor = null;
        AdminDesk? admin = null;
        if (!user.IsEditor)
        {
            var (drafts, sentBack) = await DraftsAsync(user, lang, ct);
            author = new AuthorDesk(drafts, sentBack, await ScheduledAsync(user, ownOnly: true, lang, ct));
        }
        else
        {
            editor = new EditorDesk(
                await ReviewQueueAsync(user, lang, ct),
                await ScheduledAsync(user, ownOnly: false, lang, ct),
                await TranslationGapsAsync(user, lang, ct),
                await CorrectionsAsync(user, lang, now, ct));
        }

        if (user.IsAdmin)
            admin = new AdminDesk(await alerts.RecentAsync(ct), await WithoutSecondFactorAsync(ct), await KeyDatesAsync(lang, now, ct));
        return new StaffDesk(author, editor, admin, now);
    }

    /// <summary>The navigation's counts: for authors their drafts, for editors what waits for review, for admins what needs a look.</summary>
    public async Task<DeskCounts> CountsAsync(StaffUser user, CancellationToken ct = default)
    {
        StaffRules.RequireStaff(user, logger);
        if (!user.IsEditor)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var drafts = await OwnDrafts(db, user).CountAsync(ct);
            return new DeskCounts(drafts, null, null);
        }

        int statements, incidents;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            statements = await InReview(db, user).CountAsync(ct);
        await using (var db = await contexts.CreateDbContextAsync(ct))
            incidents = await Unverified(db, user).CountAsync(ct);
        int? adminCount = null;
        if (user.IsAdmin)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            adminCount = await WithoutSecondFactor(db).CountAsync(ct) + (await alerts.RecentAsync(ct)).Count;
        }

        return new DeskCounts(statements, incidents, adminCount);
    }

    // ---------------------------------------------------------------- authors

    private static IQueryable<Statement> OwnDrafts(BaqylauDbContext db, StaffUser user) =>
        db.Statements.AsNoTracking().VisibleTo(user, null)
            .Where(s => s.CreatedById == user.UserId && s.Status == StatementStatus.Draft);

    /// <summary>The author's drafts, split by whether review sent them back (the comment shown until the next submission, as in the editor).</summary>
    private async Task<(DeskList<DeskStatement> Drafts, DeskList<DeskStatement> SentBack)> DraftsAsync(StaffUser user, string lang, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await OwnDrafts(db, user)
            .OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id,
                s.UpdatedAt,
                Review = db.StatementRevisions
                    .Where(r => r.StatementId == s.Id && (r.Kind == RevisionKind.SendBack || r.Kind == RevisionKind.Submit))
                    .OrderByDescending(r => r.Number)
                    .Select(r => new { r.Kind, r.Comment })
                    .FirstOrDefault(),
                Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new DeskStatement(
            r.Id,
            WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang),
            StatementStatus.Draft,
            r.UpdatedAt,
            null,
            r.Review?.Kind == RevisionKind.SendBack ? r.Review.Comment : null)).ToList();
        var sentBack = items.Where(i => i.Comment is not null).ToList();
        var drafts = items.Where(i => i.Comment is null).ToList();
        return (Limit(drafts, Shown), Limit(sentBack, Shown));
    }

    // ---------------------------------------------------------------- editors

    private static IQueryable<Statement> InReview(BaqylauDbContext db, StaffUser user) =>
        db.Statements.AsNoTracking().VisibleTo(user, null)
            .Where(s => s.Status == StatementStatus.InReview && s.ScheduledFor == null);

    private static IQueryable<Incident> Unverified(BaqylauDbContext db, StaffUser user) =>
        db.Incidents.AsNoTracking().VisibleTo(user, null)
            .Where(i => AwaitingVerification.Contains(i.Verification));

    /// <summary>Submitted statements (since their last submission) and unverified incidents (since logged), oldest first.</summary>
    private async Task<DeskList<DeskReviewItem>> ReviewQueueAsync(StaffUser user, string lang, CancellationToken ct)
    {
        List<DeskReviewItem> statements;
        int statementTotal;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var query = InReview(db, user).Select(s => new
            {
                s.Id,
                Since = db.StatementRevisions
                    .Where(r => r.StatementId == s.Id && r.Kind == RevisionKind.Submit)
                    .Max(r => (DateTimeOffset?)r.CreatedAt) ?? s.UpdatedAt,
                Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList(),
            });
            statementTotal = await query.CountAsync(ct);
            var rows = await query.OrderBy(s => s.Since).ThenBy(s => s.Id).Take(ReviewShown).ToListAsync(ct);
            statements = rows.Select(r => new DeskReviewItem(
                DeskReviewKind.Statement, r.Id, WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang), r.Since, null)).ToList();
        }

        List<DeskReviewItem> incidents;
        int incidentTotal;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var query = Unverified(db, user);
            incidentTotal = await query.CountAsync(ct);
            var rows = await query.OrderBy(i => i.RecordedAt).ThenBy(i => i.Id).Take(ReviewShown)
                .Select(i => new { i.Id, i.RecordedAt, i.Verification, Texts = i.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
                .ToListAsync(ct);
            incidents = rows.Select(r => new DeskReviewItem(
                DeskReviewKind.Incident, r.Id, WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang), r.RecordedAt, r.Verification)).ToList();
        }

        // Each side's first ReviewShown hold the merged list's first ReviewShown.
        var merged = statements.Concat(incidents).OrderBy(i => i.Since).ThenBy(i => i.Kind).ThenBy(i => i.Id).Take(ReviewShown).ToList();
        return new DeskList<DeskReviewItem>(merged, statementTotal + incidentTotal);
    }

    /// <summary>Statements waiting for their publication time, soonest first: the author's own, or (editors) the organisation's.</summary>
    private async Task<DeskList<DeskStatement>> ScheduledAsync(StaffUser user, bool ownOnly, string lang, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Statements.AsNoTracking().VisibleTo(user, null)
            .Where(s => s.ScheduledFor != null && (s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview));
        if (ownOnly)
            query = query.Where(s => s.CreatedById == user.UserId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.ScheduledFor).ThenBy(s => s.Id).Take(Shown)
            .Select(s => new { s.Id, s.Status, s.UpdatedAt, s.ScheduledFor, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
            .ToListAsync(ct);
        return new DeskList<DeskStatement>(
            [.. rows.Select(r => new DeskStatement(r.Id, WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang), r.Status, r.UpdatedAt, r.ScheduledFor, null))],
            total);
    }

    /// <summary>Statements (not retracted) whose languages are not in step, by the statement list's own rule; most recently changed first.</summary>
    private async Task<DeskList<DeskTranslationGap>> TranslationGapsAsync(StaffUser user, string lang, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Statements.AsNoTracking().VisibleTo(user, null)
            .Where(s => s.Status != StatementStatus.Retracted)
            .WithTranslationProblems();
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id).Take(Shown)
            .Select(s => new { s.Id, s.Status, Texts = s.Translations.Select(t => new { t.Culture, t.Title, t.Edition }).ToList() })
            .ToListAsync(ct);
        return new DeskList<DeskTranslationGap>(
            [.. rows.Select(r => new DeskTranslationGap(
                r.Id,
                WorkspaceLists.TitleIn(r.Texts.Select(t => (t.Culture, t.Title)), lang),
                r.Status,
                TranslationParity.Of(r.Texts.Select(t => (t.Culture, t.Edition)))))],
            total);
    }

    /// <summary>Corrections of the last <see cref="WindowDays"/> days (a Correct revision each), newest first, with the public note.</summary>
    private async Task<DeskList<DeskCorrection>> CorrectionsAsync(StaffUser user, string lang, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var since = now.AddDays(-WindowDays);
        var visible = db.Statements.AsNoTracking().VisibleTo(user, null);
        var query = db.StatementRevisions.AsNoTracking()
            .Where(r => r.Kind == RevisionKind.Correct && r.CreatedAt >= since && r.CreatedAt <= now && visible.Any(s => s.Id == r.StatementId));
        var total = await query.CountAsync(ct);
        var revisions = await query.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Take(Shown)
            .Select(r => new { r.StatementId, r.CreatedAt, r.CreatedById })
            .ToListAsync(ct);
        var ids = revisions.Select(r => r.StatementId).Distinct().ToList();
        var statements = await db.Statements.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Corrections, Texts = s.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
            .ToDictionaryAsync(s => s.Id, ct);
        var userIds = revisions.Where(r => r.CreatedById != null).Select(r => r.CreatedById!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var items = revisions.Select(r =>
        {
            var s = statements[r.StatementId];
            // The note was added by the same action, a moment before its revision was written.
            var note = s.Corrections.Where(c => c.At <= r.CreatedAt.AddMinutes(1)).MaxBy(c => c.At)?.Note.In(lang);
            return new DeskCorrection(
                r.StatementId,
                WorkspaceLists.TitleIn(s.Texts.Select(t => (t.Culture, t.Title)), lang),
                r.CreatedAt,
                r.CreatedById is { } by && names.TryGetValue(by, out var name) ? name : null,
                string.IsNullOrWhiteSpace(note) ? null : note);
        }).ToList();
        return new DeskList<DeskCorrection>(items, total);
    }

    // ---------------------------------------------------------------- admins

    private static IQueryable<Accounts.BaqylauUser> WithoutSecondFactor(BaqylauDbContext db) =>
        db.Users.AsNoTracking().Where(u => u.IsActive && !u.TwoFactorEnabled);

    /// <summary>Active accounts without a second factor, longest-standing first.</summary>
    private async Task<DeskList<DeskAccount>> WithoutSecondFactorAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = WithoutSecondFactor(db);
        var total = await query.CountAsync(ct);
        var users = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Take(Shown)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.CreatedAt })
            .ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        return new DeskList<DeskAccount>(
            [.. users.Select(u => new DeskAccount(u.Id, u.DisplayName, u.Email ?? string.Empty,
                [.. roles.Where(r => r.UserId == u.Id && r.Name != null).Select(r => r.Name!).Order(StringComparer.Ordinal)], u.CreatedAt))],
            total);
    }

    /// <summary>
    /// Dates of non-archived campaigns from today to <see cref="WindowDays"/> days ahead (Kazakhstan days, both ends included),
    /// spans under way included, soonest first. Calendars are jsonb, so the few campaigns near the window are read whole.
    /// </summary>
    private async Task<DeskList<DeskKeyDate>> KeyDatesAsync(string lang, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Datelines.Kazakhstan).DateTime);
        var until = today.AddDays(WindowDays);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => !c.IsArchived)
            .Select(c => new { c.Id, c.Title, c.VotingDay, c.KeyDates })
            .ToListAsync(ct);
        var dates = new List<DeskKeyDate>();
        foreach (var c in campaigns)
        {
            var calendar = c.KeyDates.Select(d => (d.Kind, d.Start, d.End)).ToList();
            if (!calendar.Any(d => d.Kind == CampaignDateKind.VotingDay))
                calendar.Add((CampaignDateKind.VotingDay, c.VotingDay, null));
            foreach (var (kind, start, end) in calendar)
            {
                var inWindow = (start >= today && start <= until) || (start < today && end is { } e && e >= today);
                if (inWindow)
                    dates.Add(new DeskKeyDate(c.Id, c.Title.In(lang), kind, start, end));
            }
        }

        var ordered = dates.OrderBy(d => d.Start).ThenBy(d => d.Kind).ThenBy(d => d.Campaign, StringComparer.CurrentCulture).ToList();
        return Limit(ordered, Shown);
    }

    private static DeskList<T> Limit<T>(List<T> items, int shown) => new([.. items.Take(shown)], items.Count);
}
