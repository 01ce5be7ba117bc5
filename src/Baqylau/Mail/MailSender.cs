using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baqylau.Mail;

/// <summary>The outbox's delivery loop: a round every <see cref="MailOptions.PollInterval"/>, sooner while a round finds work.</summary>
public sealed class MailSender(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MailOptions> options, ILogger<MailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Host))
            logger.LogWarning("Baqylau:Mail:Host is not set: e-mail is queued in the outbox but not sent");
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                sent = await scope.ServiceProvider.GetRequiredService<MailDispatcher>().SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting: keep the loop alive.
                logger.LogError(ex, "Mail round failed");
            }

            try
            {
                // A full batch may have more behind it.
                await Task.Delay(sent > 0 ? TimeSpan.FromMilliseconds(100) : options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
