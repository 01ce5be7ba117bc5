using Baqylau.Data;
using Baqylau.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Baqylau.Tests.Mail;

/// <summary>The app with the demo content, sending to a real SMTP server in the test process (<see cref="SmtpCatcher"/>).</summary>
public class MailWebFactory : BaqylauWebFactory
{
    public const string SiteUrl = "http://localhost";

    public SmtpCatcher Smtp { get; } = new();

    /// <summary>Whether the SMTP server is up from the start; the outage tests start it later.</summary>
    protected virtual bool StartSmtp => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (StartSmtp)
            await Smtp.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Baqylau:Mail:Host", "127.0.0.1");
        builder.UseSetting("Baqylau:Mail:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Baqylau:Mail:Tls", nameof(MailTls.None));
        builder.UseSetting("Baqylau:Mail:Sender", "noreply@baqylau.test");
        builder.UseSetting("Baqylau:Mail:SiteUrl", SiteUrl);
        builder.UseSetting("Baqylau:Mail:PollInterval", "00:00:00.200");
        builder.UseSetting("Baqylau:Mail:Timeout", "00:00:05");
        // Alerts at a handful of reads, so a test can raise one; looked for only when a test asks.
        builder.UseSetting("Baqylau:AuditAlerts:InternalViews", "3");
        builder.UseSetting("Baqylau:AuditAlerts:MailInterval", "01:00:00");
    }

    public async Task<List<OutgoingMail>> OutboxAsync(Func<IQueryable<OutgoingMail>, IQueryable<OutgoingMail>>? filter = null)
    {
        _ = Server;
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var q = db.OutgoingMail.AsNoTracking();
        return await (filter?.Invoke(q) ?? q).OrderBy(m => m.CreatedAt).ToListAsync();
    }

    /// <summary>Waits until the outbox satisfies <paramref name="condition"/> (the sender works on its own schedule).</summary>
    public async Task<List<OutgoingMail>> WaitForOutboxAsync(Func<List<OutgoingMail>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var rows = await OutboxAsync();
            if (condition(rows))
                return rows;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The outbox never reached the expected state: " + string.Join(", ", rows.Select(r => $"{r.Kind}/{r.Status}/{r.Attempts}")));
            await Task.Delay(100);
        }
    }

    /// <summary>The message to an address with a subject containing <paramref name="subject"/>.</summary>
    public Task<MimeMessage> MailToAsync(string address, string subject) =>
        Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))
            && (m.Subject ?? string.Empty).Contains(subject, StringComparison.Ordinal));

    /// <summary>The first link of a message to this site, as a local path and query.</summary>
    public static string LinkIn(MimeMessage message)
    {
        var body = message.TextBody ?? string.Empty;
        var start = body.IndexOf(SiteUrl + "/", StringComparison.Ordinal);
        Assert.True(start >= 0, "no link to the site in: " + body);
        var end = body.IndexOfAny(['\n', '\r', ' '], start);
        var link = new Uri(end < 0 ? body[start..] : body[start..end]);
        return link.PathAndQuery;
    }
}

/// <summary>The same app while its mail server is down (the catcher's port is reserved, nothing listens yet).</summary>
public sealed class MailServerDownFactory : MailWebFactory
{
    protected override bool StartSmtp => false;
}
