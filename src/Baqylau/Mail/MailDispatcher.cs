using Baqylau.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Baqylau.Mail;

/// <summary>
/// Delivers due messages from the outbox: claims each with a conditional UPDATE (so several instances never send one
/// twice), sends it over SMTP with MailKit, and records the outcome: sent (arguments wiped), queued again with an
/// exponential back-off, or failed after <see cref="MailOptions.MaxAttempts"/>.
/// </summary>
public sealed class MailDispatcher(
    IDbContextFactory<BaqylauDbContext> contexts,
    IMailRenderer renderer,
    TimeProvider clock,
    IOptions<MailOptions> options,
    ILogger<MailDispatcher> logger)
{
    private const int BatchSize = 20;

    /// <summary>One round: claims up to a batch of due messages and tries each once. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host))
            return 0; // Not configured: mail waits in the outbox.
        await using var db = await contexts.CreateDbContextAsync(ct);
        var claimed = await ClaimAsync(db, ct);
        if (claimed.Count == 0)
            return 0;

        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(o.Host, o.Port, SocketOptions(o.Tls), ct);
            if (!string.IsNullOrEmpty(o.User))
                await smtp.AuthenticateAsync(o.User, o.Password ?? string.Empty, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Mail server {Host}:{Port} unreachable; {Count} messages wait for a retry: {Error}", o.Host, o.Port, claimed.Count, ex.Message);
            foreach (var mail in claimed)
                await FailedAttemptAsync(db, mail, ex, ct);
            return 0;
        }

        var sent = 0;
        foreach (var mail in claimed)
        {
            try
            {
                var text = renderer.Render(mail.Kind, mail.Culture, mail.Args());
                await smtp.SendAsync(Message(o, mail, text), ct);
                await db.Set<OutgoingMail>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, MailStatus.Sent)
                    .SetProperty(m => m.SentAt, clock.GetUtcNow())
                    .SetProperty(m => m.ArgsJson, (string?)null)
                    .SetProperty(m => m.LastError, (string?)null), ct);
                sent++;
                logger.LogInformation("Mail {MailId} ({Kind}) sent", mail.Id, mail.Kind);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning("Mail {MailId} ({Kind}) not sent: {Error}", mail.Id, mail.Kind, ex.Message);
                await FailedAttemptAsync(db, mail, ex, ct);
                if (!smtp.IsConnected)
                {
                    // The connection dropped: the rest wait for the next round rather than all failing now.
                    foreach (var rest in claimed.SkipWhile(m => m.Id != mail.Id).Skip(1))
                        await ReleaseAsync(db, rest, ct);
                    break;
                }
            }
        }

        if (smtp.IsConnected)
            await smtp.DisconnectAsync(quit: true, ct);
        return sent;
    }

    private async Task<List<OutgoingMail>> ClaimAsync(BaqylauDbContext db, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var set = db.Set<OutgoingMail>();
        // Queued and due, or claimed by an instance whose lease ran out (it died while sending).
        var due = await set.AsNoTracking()
            .Where(m => (m.Status == MailStatus.Queued || m.Status == MailStatus.Sending) && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).Take(BatchSize).Select(m => new { m.Id, m.Status, m.NextAttemptAt })
            .ToListAsync(ct);
        var claimed = new List<OutgoingMail>();
        foreach (var candidate in due)
        {
            // Conditional: only if nobody changed the row since it was read; the instance whose UPDATE wins sends it.
            var won = await set.Where(m => m.Id == candidate.Id && m.Status == candidate.Status && m.NextAttemptAt == candidate.NextAttemptAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, MailStatus.Sending)
                    .SetProperty(m => m.NextAttemptAt, now + o.ClaimLease)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (won == 1 && await set.AsNoTracking().FirstOrDefaultAsync(m => m.Id == candidate.Id, ct) is { } mail)
                claimed.Add(mail);
        }

        return claimed;
    }

    private async Task FailedAttemptAsync(BaqylauDbContext db, OutgoingMail mail, Exception ex, CancellationToken ct)
    {
        var o = options.Value;
        var error = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
        if (mail.Attempts >= o.MaxAttempts)
        {
            await db.Set<OutgoingMail>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MailStatus.Failed)
                .SetProperty(m => m.ArgsJson, (string?)null)
                .SetProperty(m => m.LastError, error), ct);
            logger.LogError("Mail {MailId} ({Kind}) failed after {Attempts} attempts", mail.Id, mail.Kind, mail.Attempts);
            return;
        }

        var next = clock.GetUtcNow() + o.RetryDelay(mail.Attempts);
        await db.Set<OutgoingMail>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Queued)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LastError, error), ct);
    }

    /// <summary>Back to the queue without counting the attempt: it was never made.</summary>
    private async Task ReleaseAsync(BaqylauDbContext db, OutgoingMail mail, CancellationToken ct) =>
        await db.Set<OutgoingMail>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Queued)
            .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow())
            .SetProperty(m => m.Attempts, m => m.Attempts - 1), ct);

    private static MimeMessage Message(MailOptions o, OutgoingMail mail, RenderedMail text)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(o.SenderName, o.Sender));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = text.Subject;
        message.MessageId = $"{mail.Id:N}@{MailboxAddress.Parse(o.Sender).Domain}";
        // RFC 3834: no out-of-office replies to a machine.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add(HeaderId.ContentLanguage, mail.Culture);
        message.Body = new TextPart("plain") { Text = text.Body };
        return message;
    }

    private static SecureSocketOptions SocketOptions(MailTls tls) => tls switch
    {
        MailTls.None => SecureSocketOptions.None,
        MailTls.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        MailTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
