using System.Net;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Mail;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Mail;

/// <summary>Review notifications and audit alerts: the right people, their language, working links, nothing internal.</summary>
public class ReviewMailTests(MailWebFactory factory) : IClassFixture<MailWebFactory>
{
    [Fact]
    public async Task Submission_goes_to_the_editors_and_send_back_and_publication_to_the_author_each_in_their_language()
    {
        _ = factory.Server;
        var authorUser = await StaffAccounts.CreateAsync(factory.Services, "reviewed.author@example.org", Roles.Author, BaqylauWebFactory.DemoPassword,
            DemoIds.ErkindikQanaty, "Марат Ахметов");
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == authorUser.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, "ru")));
        var kkTitle = "Байқау туралы мәлімдеме " + ShortId.New(5);
        var ruTitle = "Заявление о наблюдении " + ShortId.New(5);
        Guid id;
        var (authorScope, author) = await StaffAccounts.ScopeAsAsync(factory.Services, "reviewed.author@example.org", Roles.Author);
        await using (authorScope)
        {
            var created = await authorScope.ServiceProvider.GetRequiredService<StatementService>().CreateAsync(author, new StatementContent
            {
                Translations = [new TranslationContent("kk", kkTitle, "Лид", "Мәтін", null, null), new TranslationContent("ru", ruTitle, "Лид", "Текст", null, null)],
            });
            id = created.Id;
            await authorScope.ServiceProvider.GetRequiredService<StatementWorkflowService>().SubmitAsync(author, id, created.Version);
        }

        // The organisation's editor (Kazakh) hears of the submission, with a link to the editor.
        var submitted = await factory.MailToAsync("editor@baqylau.local", kkTitle);
        Assert.Contains("тексеруге жіберілді", submitted.Subject, StringComparison.Ordinal);
        Assert.Contains("Марат Ахметов", submitted.TextBody, StringComparison.Ordinal);
        Assert.Equal($"/workspace/statements/{id}", MailWebFactory.LinkIn(submitted));
        // Nobody of another organisation does.
        Assert.Empty(await factory.OutboxAsync(q => q.Where(m => m.Kind == MailKinds.StatementSubmitted && m.To == "author2@baqylau.local")));

        var (editorScope, editor) = await StaffAccounts.ScopeAsAsync(factory.Services, "editor@baqylau.local", Roles.Editor);
        await using (editorScope)
        {
            var workflow = editorScope.ServiceProvider.GetRequiredService<StatementWorkflowService>();
            var statements = editorScope.ServiceProvider.GetRequiredService<StatementService>();
            await workflow.SendBackAsync(editor, id, (await statements.GetAsync(editor, id)).Version, "Укажите источник во втором абзаце");
            var sentBack = await factory.MailToAsync("reviewed.author@example.org", "возвращено на доработку");
            Assert.Contains(ruTitle, sentBack.Subject, StringComparison.Ordinal);
            Assert.Contains("Укажите источник во втором абзаце", sentBack.TextBody, StringComparison.Ordinal);
            Assert.Contains("Здравствуйте, Марат Ахметов!", sentBack.TextBody, StringComparison.Ordinal);

            await workflow.PublishAsync(editor, id, (await statements.GetAsync(editor, id)).Version);
        }

        var published = await factory.MailToAsync("reviewed.author@example.org", "опубликовано");
        var link = MailWebFactory.LinkIn(published);
        Assert.StartsWith("/ru/statements/", link, StringComparison.Ordinal);
        var page = await factory.Client().GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(ruTitle, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // The editor who published gets no message about their own step.
        Assert.Empty(await factory.OutboxAsync(q => q.Where(m => m.Kind == MailKinds.StatementPublished && m.To == "editor@baqylau.local")));
    }

    [Fact]
    public async Task An_audit_alert_mails_every_admin_once_and_says_nothing_of_what_was_read()
    {
        _ = factory.Server;
        var incidentId = await factory.WithDbAsync(db => db.Incidents.Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).FirstAsync());
        var secret = new IncidentInternalContent("Наблюдатель Гүлназ Секретова", "Свидетель Ерлан Тайный", "Заметка: телефон +7 701 555 44 33");
        var (scope, editor) = await StaffAccounts.ScopeAsAsync(factory.Services, "editor@baqylau.local", Roles.Editor);
        await using (scope)
        {
            var incidents = scope.ServiceProvider.GetRequiredService<IncidentService>();
            await incidents.SaveInternalAsync(editor, incidentId, secret);
            for (var i = 0; i < 4; i++)
                Assert.Equal(secret, await incidents.GetInternalAsync(editor, incidentId));
        }

        await using (var round = factory.Services.CreateAsyncScope())
        {
            Assert.True(await AuditAlertMailer.QueueNewAlertsAsync(round.ServiceProvider, factory.Clock) >= 1);
            // Raised once: the next round queues nothing more for the same account, kind and day.
            Assert.Equal(0, await AuditAlertMailer.QueueNewAlertsAsync(round.ServiceProvider, factory.Clock));
        }

        var alert = await factory.MailToAsync("admin@baqylau.local", "аудит ескертуі");
        Assert.Contains("editor@baqylau.local", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("оқиғаның ішкі бөлімін ашу", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains(MailWebFactory.SiteUrl + "/workspace/admin/audit", alert.TextBody, StringComparison.Ordinal);

        // No message at all, to anyone, carries a word of an internal part.
        await factory.WaitForOutboxAsync(rows => rows.All(r => r.Status == MailStatus.Sent));
        foreach (var message in factory.Smtp.Messages)
        {
            // Decoded text: the raw message is quoted-printable or base64, where no Cyrillic word would ever match.
            var text = message.Subject + "\n" + message.TextBody;
            Assert.False(string.IsNullOrEmpty(message.TextBody));
            foreach (var word in new[] { "Гүлназ", "Секретова", "Ерлан", "Тайный", "555 44 33" })
                Assert.DoesNotContain(word, text, StringComparison.Ordinal);
        }
    }
}
