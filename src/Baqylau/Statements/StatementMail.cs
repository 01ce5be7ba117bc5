using Baqylau.Accounts;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Mail;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

/// <summary>
/// Review notifications, queued on the workflow's own context so they are saved with the step they report: a
/// submission goes to the organisation's editors, a send-back or a publication to the author. Each names the
/// statement in the recipient's language and links to the editor, or to the public page once published.
/// </summary>
internal static class StatementMail
{
    public static async Task SubmittedAsync(BaqylauDbContext db, TimeProvider clock, Statement statement, StaffUser by, CancellationToken ct)
    {
        var editors = await MailOutbox.InRoleAsync(db, Roles.Editor, statement.OrganisationId, ct);
        var author = await db.Users.AsNoTracking().Where(u => u.Id == by.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? string.Empty;
        foreach (var editor in editors.Where(e => e.UserId != by.UserId))
        {
            MailOutbox.Enqueue(db, clock, editor, MailKinds.StatementSubmitted, new Dictionary<string, string>
            {
                ["Name"] = await NameAsync(db, editor, ct),
                ["Title"] = TitleIn(statement, editor.Culture),
                ["Author"] = author,
                ["Link"] = EditorPath(statement),
            });
        }
    }

    public static async Task SentBackAsync(BaqylauDbContext db, TimeProvider clock, Statement statement, StaffUser by, string comment, CancellationToken ct)
    {
        if (await AuthorAsync(db, statement, by, ct) is not { } author)
            return;
        MailOutbox.Enqueue(db, clock, author, MailKinds.StatementSentBack, new Dictionary<string, string>
        {
            ["Name"] = await NameAsync(db, author, ct),
            ["Title"] = TitleIn(statement, author.Culture),
            ["Comment"] = comment,
            ["Link"] = EditorPath(statement),
        });
    }

    /// <param name="by">Null for a scheduled publication (nobody acts; the author still hears of it).</param>
    public static async Task PublishedAsync(BaqylauDbContext db, TimeProvider clock, Statement statement, StaffUser? by, CancellationToken ct)
    {
        if (await AuthorAsync(db, statement, by, ct) is not { } author)
            return;
        var translation = statement.Translation(author.Culture) ?? statement.Translations.FirstOrDefault();
        MailOutbox.Enqueue(db, clock, author, MailKinds.StatementPublished, new Dictionary<string, string>
        {
            ["Name"] = await NameAsync(db, author, ct),
            ["Title"] = TitleIn(statement, author.Culture),
            ["Link"] = translation is null ? EditorPath(statement) : $"/{translation.Culture}/statements/{translation.Slug}",
        });
    }

    /// <summary>The statement's creator, unless they took the step themselves or can no longer be written to.</summary>
    private static async Task<MailRecipient?> AuthorAsync(BaqylauDbContext db, Statement statement, StaffUser? by, CancellationToken ct) =>
        statement.CreatedById is { } id && id != by?.UserId ? await MailOutbox.UserAsync(db, id, ct) : null;

    private static async Task<string> NameAsync(BaqylauDbContext db, MailRecipient to, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == to.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? to.Email;

    private static string TitleIn(Statement statement, string lang) =>
        (statement.Translation(lang) ?? statement.Translation(Cultures.Other(lang)) ?? statement.Translations.FirstOrDefault())?.Title ?? "—";

    private static string EditorPath(Statement statement) => $"/workspace/statements/{statement.Id}";
}
