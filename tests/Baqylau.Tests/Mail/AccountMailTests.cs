using System.Net;
using Baqylau.Accounts;
using Baqylau.Data;
using Baqylau.Local.Demo;
using Baqylau.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Mail;

/// <summary>Account e-mail through a real SMTP server: invitations, forgotten passwords and notices, in the recipient's language.</summary>
public class AccountMailTests(MailWebFactory factory) : IClassFixture<MailWebFactory>
{
    private const string NewPassword = "a-brand-new-password-2026";

    private async Task<BaqylauUser> AuthorAsync(string email, string culture)
    {
        _ = factory.Server;
        var user = await StaffAccounts.CreateAsync(factory.Services, email, Roles.Author, BaqylauWebFactory.DemoPassword, DemoIds.SecondOrganisation, "Сынақ Автор");
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, culture)));
        return user;
    }

    [Fact]
    public async Task An_invitation_arrives_in_the_invitees_language_and_its_link_sets_the_password()
    {
        _ = factory.Server;
        var (scope, admin) = await StaffAccounts.ScopeAsAsync(factory.Services, "admin@baqylau.local", Roles.Admin);
        Invitation invitation;
        await using (scope)
        {
            invitation = await scope.ServiceProvider.GetRequiredService<AccountAdminService>().InviteAsync(admin, new AccountForm
            {
                Email = "invited.ru@example.org",
                DisplayName = "Айгерим Сапарова",
                Role = Roles.Author,
                OrganisationId = DemoIds.SecondOrganisation,
                PreferredCulture = "ru",
            });
        }

        var mail = await factory.MailToAsync("invited.ru@example.org", "приглашение");
        Assert.Equal("noreply@baqylau.test", mail.From.Mailboxes.Single().Address);
        Assert.Contains("Здравствуйте, Айгерим Сапарова!", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Сәлеметсіз", mail.TextBody, StringComparison.Ordinal);
        // The same link the admin can copy as a fallback.
        var link = MailWebFactory.LinkIn(mail);
        Assert.Equal(AccountAdminService.InvitationPath(invitation.UserId, invitation.Token), link);

        var client = factory.Client();
        var accepted = await client.PostFormAsync(link, "invitation", new()
        {
            ["Input.User"] = invitation.UserId.ToString(),
            ["Input.Token"] = invitation.Token,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Contains("data-testid=\"invitation-done\"", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.Client().SignInAsync("invited.ru@example.org", NewPassword)).StatusCode);

        // Sent, and what it said (the token) is no longer kept.
        var row = (await factory.WaitForOutboxAsync(rows => rows.Any(r => r.To == "invited.ru@example.org" && r.Status == MailStatus.Sent)))
            .Single(r => r.To == "invited.ru@example.org");
        Assert.Null(row.ArgsJson);
        Assert.Equal(MailKinds.Invitation, row.Kind);
    }

    [Fact]
    public async Task Forgot_password_answers_alike_for_any_address_and_the_link_resets_the_password_once()
    {
        var user = await AuthorAsync("forgetful@example.org", "kk");
        var unknown = await factory.Client().PostFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = "nobody-here@example.org" });
        var known = await factory.Client().PostFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = "forgetful@example.org" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        var knownHtml = await known.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"forgot-sent\"", unknownHtml, StringComparison.Ordinal);
        Assert.Equal(Section(unknownHtml), Section(knownHtml));

        var mail = await factory.MailToAsync("forgetful@example.org", "құпиясөзді қалпына келтіру");
        Assert.Contains("Сәлеметсіз бе, Сынақ Автор!", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(factory.Smtp.To("nobody-here@example.org"));
        Assert.Empty(await factory.OutboxAsync(q => q.Where(m => m.To == "nobody-here@example.org")));

        // A second request at once queues nothing more: the form cannot flood a mailbox.
        await factory.Client().PostFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = "forgetful@example.org" });
        Assert.Single(await factory.OutboxAsync(q => q.Where(m => m.UserId == user.Id && m.Kind == MailKinds.PasswordReset)));

        var link = MailWebFactory.LinkIn(mail);
        Assert.StartsWith(AccountMail.ResetPath + "?", link, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        var client = factory.Client();
        var page = await client.GetAsync(link);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var fields = new Dictionary<string, string>
        {
            ["Input.User"] = query["user"]!,
            ["Input.Token"] = query["token"]!,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        };
        var reset = await client.PostFormAsync(link, "reset-password", fields);
        Assert.Contains("data-testid=\"reset-done\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.Client().SignInAsync("forgetful@example.org", NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().SignInAsync("forgetful@example.org", BaqylauWebFactory.DemoPassword)).StatusCode);

        // The link is used up.
        fields["Input.Password"] = fields["Input.ConfirmPassword"] = "an-attackers-password-1";
        var again = WebUtility.HtmlDecode(await (await client.PostFormAsync(link, "reset-password", fields)).Content.ReadAsStringAsync());
        Assert.DoesNotContain("data-testid=\"reset-done\"", again, StringComparison.Ordinal);
        Assert.Contains("Сілтеме жарамсыз", again, StringComparison.Ordinal);

        // And the owner hears of the change, in Kazakh.
        var notice = await factory.MailToAsync("forgetful@example.org", "құпиясөзіңіз өзгертілді");
        Assert.Contains("Уақыты:", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_and_the_second_factor_sends_notices_in_russian()
    {
        await AuthorAsync("careful@example.org", "ru");
        var client = factory.Client();
        await client.SignInAsync("careful@example.org", BaqylauWebFactory.DemoPassword);
        var changed = await client.PostFormAsync("/account/manage/change-password", "change-password", new()
        {
            ["Input.OldPassword"] = BaqylauWebFactory.DemoPassword,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var notice = await factory.MailToAsync("careful@example.org", "ваш пароль изменён");
        Assert.Contains("Здравствуйте, Сынақ Автор!", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains(MailWebFactory.SiteUrl + "/account/manage", notice.TextBody, StringComparison.Ordinal);

        // An admin resetting the second factor: the owner is told.
        var (scope, admin) = await StaffAccounts.ScopeAsAsync(factory.Services, "admin@baqylau.local", Roles.Admin);
        await using (scope)
        {
            var id = (await scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>().FindByEmailAsync("careful@example.org"))!.Id;
            await scope.ServiceProvider.GetRequiredService<AccountAdminService>().ResetTwoFactorAsync(admin, id);
        }

        await factory.MailToAsync("careful@example.org", "изменён второй фактор");
    }

    [Fact]
    public async Task A_sign_in_from_a_new_browser_is_reported_but_not_the_first_one_nor_a_known_one()
    {
        await AuthorAsync("traveller@example.org", "kk");
        var home = factory.Client();
        await home.SignInAsync("traveller@example.org", BaqylauWebFactory.DemoPassword);
        await home.PostAsync("/account/logout", null);
        await home.SignInAsync("traveller@example.org", BaqylauWebFactory.DemoPassword);
        var elsewhere = factory.Client();
        await elsewhere.SignInAsync("traveller@example.org", BaqylauWebFactory.DemoPassword);

        var notice = await factory.MailToAsync("traveller@example.org", "жаңа құрылғыдан кіру");
        Assert.Contains("Уақыты:", notice.TextBody, StringComparison.Ordinal);
        var rows = await factory.OutboxAsync(q => q.Where(m => m.To == "traveller@example.org" && m.Kind == MailKinds.NewDevice));
        Assert.Single(rows);
        var devices = await factory.WithDbAsync(db => db.KnownDevices.AsNoTracking().Where(d => db.Users.Any(u => u.Id == d.UserId && u.Email == "traveller@example.org")).ToListAsync());
        Assert.Equal(2, devices.Count);
    }

    private static string Section(string html)
    {
        var start = html.IndexOf("<section", StringComparison.Ordinal);
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        // Antiforgery tokens differ per response; the answer itself must not.
        return System.Text.RegularExpressions.Regex.Replace(html[start..end], "value=\"[^\"]*\"", string.Empty);
    }
}
