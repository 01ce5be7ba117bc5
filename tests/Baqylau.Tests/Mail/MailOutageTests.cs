using Baqylau.Accounts;
using Baqylau.Local.Demo;
using Baqylau.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Mail;

/// <summary>A mail server that is down delays mail (queued, retried, visible to admins), never a user's action.</summary>
public class MailOutageTests(MailServerDownFactory factory) : IClassFixture<MailServerDownFactory>
{
    [Fact]
    public async Task Mail_waits_while_the_server_is_down_and_goes_out_at_a_later_attempt()
    {
        _ = factory.Server;
        var (scope, admin) = await StaffAccounts.ScopeAsAsync(factory.Services, "admin@baqylau.local", Roles.Admin);
        await using (scope)
        {
            // The admin's action succeeds although nothing listens on the mail port.
            var invitation = await scope.ServiceProvider.GetRequiredService<AccountAdminService>().InviteAsync(admin, new AccountForm
            {
                Email = "patient@example.org",
                DisplayName = "Шыдамды Қызметкер",
                Role = Roles.Author,
                OrganisationId = DemoIds.SecondOrganisation,
                PreferredCulture = "kk",
            });
            Assert.NotEqual(Guid.Empty, invitation.UserId);

            // Tried once, failed, queued for a retry a minute on; the admins see it with the error.
            var rows = await factory.WaitForOutboxAsync(r => r.Any(m => m.To == "patient@example.org" && m.Status == MailStatus.Queued && m.Attempts == 1));
            var row = rows.Single(m => m.To == "patient@example.org");
            Assert.False(string.IsNullOrEmpty(row.LastError));
            Assert.True(row.NextAttemptAt >= factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(50), "the retry waits");
            Assert.NotNull(row.ArgsJson);

            var queries = scope.ServiceProvider.GetRequiredService<MailQueries>();
            var listed = await queries.ListAsync(admin, MailStatus.Queued, 1, 50);
            var seen = Assert.Single(listed.Items, i => i.To == "patient@example.org");
            Assert.Equal(1, seen.Attempts);
            Assert.Equal(row.LastError, seen.LastError);
            Assert.True((await queries.CountsAsync(admin)).Queued >= 1);
            // Only admins see the outbox.
            var (authorScope, author) = await StaffAccounts.ScopeAsAsync(factory.Services, "author@baqylau.local", Roles.Author);
            await using (authorScope)
                await Assert.ThrowsAsync<ForbiddenException>(() => authorScope.ServiceProvider.GetRequiredService<MailQueries>().ListAsync(author, null, 1, 50));
        }

        // The server comes back; nothing is sent before the retry is due, then the message goes out once.
        await factory.Smtp.StartAsync();
        var dispatcher = factory.Services.CreateAsyncScope();
        await using (dispatcher)
            Assert.Equal(0, await dispatcher.ServiceProvider.GetRequiredService<MailDispatcher>().SendDueAsync());
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var mail = await factory.MailToAsync("patient@example.org", "шақыру");
        Assert.Contains("/account/invitation?user=", mail.TextBody, StringComparison.Ordinal);
        var sent = await factory.WaitForOutboxAsync(r => r.Any(m => m.To == "patient@example.org" && m.Status == MailStatus.Sent));
        var done = sent.Single(m => m.To == "patient@example.org");
        Assert.Equal(2, done.Attempts);
        Assert.Null(done.ArgsJson);
        Assert.Single(factory.Smtp.To("patient@example.org"));
    }

    [Fact]
    public void Retries_back_off_exponentially_up_to_the_cap()
    {
        var o = new MailOptions { FirstRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromHours(1) };
        Assert.Equal(TimeSpan.FromMinutes(1), o.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(2), o.RetryDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(16), o.RetryDelay(5));
        Assert.Equal(TimeSpan.FromHours(1), o.RetryDelay(7));
        Assert.Equal(TimeSpan.FromHours(1), o.RetryDelay(30));
    }
}
