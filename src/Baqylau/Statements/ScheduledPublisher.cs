using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>
/// Publishes scheduled statements when they fall due. Sleeps until the next scheduled time, but never longer
/// than <see cref="PollInterval"/>, so schedules set after it fell asleep are still met on time.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    // A due statement that cannot be published (a rule refused it) must not spin the loop.
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<StatementWorkflowService>();
                await service.PublishDueAsync(stoppingToken);
                if (await service.NextScheduledAsync(stoppingToken) is { } next)
                {
                    var untilNext = next - clock.GetUtcNow();
                    if (untilNext < wait)
                        wait = untilNext < MinWait ? MinWait : untilNext;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting: keep the loop alive and try again at the next poll.
                logger.LogError(ex, "Scheduled publication round failed");
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
