using Baqylau.Data;
using Baqylau.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baqylau.Auditing;

/// <summary>
/// Mails every admin when <see cref="AuditAlerts"/> raises an alert: an account reading internal parts, downloading
/// evidence or exporting in unusual volume. One message per admin, account, kind of read and day (a dedupe key), so a
/// long harvest does not bury the admins. The message names the account, the kind and the count, never what was read.
/// </summary>
public sealed class AuditAlertMailer(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuditAlertOptions> options, ILogger<AuditAlertMailer> logger)
    : BackgroundService
{
    /// <summary>One round; returns how many messages were queued.</summary>
    public static async Task<int> QueueNewAlertsAsync(IServiceProvider services, TimeProvider clock, CancellationToken ct = default)
    {
        var alerts = await services.GetRequiredService<AuditAlerts>().RecentAsync(ct);
        if (alerts.Count == 0)
            return 0;
        await using var db = await services.GetRequiredService<IDbContextFactory<BaqylauDbContext>>().CreateDbContextAsync(ct);
        var admins = await MailOutbox.AdminsAsync(db, ct);
        var queued = 0;
        foreach (var alert in alerts)
        {
            foreach (var admin in admins)
            {
                var key = $"audit:{admin.UserId:N}:{alert.UserId:N}:{alert.Action}:{alert.From.UtcDateTime:yyyyMMdd}";
                if (await db.OutgoingMail.AnyAsync(m => m.DedupeKey == key, ct))
                    continue;
                MailOutbox.Enqueue(db, clock, admin, MailKinds.AuditAlert, new Dictionary<string, string>
                {
                    ["Name"] = await db.Users.AsNoTracking().Where(u => u.Id == admin.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? admin.Email,
                    ["Account"] = alert.UserName ?? string.Empty,
                    ["Action"] = alert.Action.ToString(),
                    ["Count"] = alert.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["From"] = alert.From.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["To"] = alert.To.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["Link"] = "/workspace/admin/audit",
                }, key);
                queued++;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance queued the same alert this very moment.
            return 0;
        }

        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await QueueNewAlertsAsync(scope.ServiceProvider, clock, stoppingToken) is > 0 and var count)
                    logger.LogWarning("Audit alert: {Count} messages to admins queued", count);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Audit alert round failed");
            }

            try
            {
                await Task.Delay(options.Value.MailInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
