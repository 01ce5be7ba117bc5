using Baqylau.Web.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Npgsql;

namespace Baqylau.Web.Caching;

/// <summary>
/// Output-cache eviction across instances: the instance where content changed sends a PostgreSQL NOTIFY, and every
/// instance LISTENs on one connection and evicts the same tags locally. After a lost connection it evicts every
/// public page once (notifications sent meanwhile are gone) and listens again.
/// </summary>
public sealed class CacheEvictionBus(IConfiguration configuration, IOutputCacheStore store, ILogger<CacheEvictionBus> logger) : BackgroundService
{
    public const string Channel = "baqylau_public_cache";
    public const string StatementKind = "statement";
    public const string IncidentKind = "incident";
    public const string TaxonomyKind = "taxonomy";
    public const string CampaignKind = "campaign";
    public const string OrganisationKind = "organisation";

    // Lets an instance skip its own notifications: it evicted before sending.
    private readonly string instanceId = Guid.NewGuid().ToString("N");

    /// <summary>Completes when the listening connection is established (tests wait for it).</summary>
    public Task Listening => listening.Task;

    private TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string ConnectionString => configuration.GetConnectionString(DatabaseSetup.ConnectionName) ?? string.Empty;

    public async Task PublishAsync(string kind, Guid id, CancellationToken ct = default)
    {
        try
        {
            await using var conn = new NpgsqlConnection(ConnectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", conn);
            cmd.Parameters.AddWithValue("channel", Channel);
            cmd.Parameters.AddWithValue("payload", $"{instanceId}:{kind}:{id:N}");
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The change is saved and evicted here; other instances catch up by the cache expiry (or on reconnect).
            logger.LogWarning("Could not notify other instances of a {Kind} change: {Error}", kind, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, KeepAlive = 15 };
                await using var conn = new NpgsqlConnection(builder.ConnectionString);
                conn.Notification += (_, e) => OnNotification(e.Payload);
                await conn.OpenAsync(stoppingToken);
                await using (var cmd = new NpgsqlCommand($"LISTEN {Channel}", conn))
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                if (reconnecting)
                {
                    await store.EvictByTagAsync(PublicOutputCache.PublicTag, stoppingToken);
                    logger.LogInformation("Listening for cache evictions again; public pages evicted once");
                }

                listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                    await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                if (listening.Task.IsCompleted)
                    listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                reconnecting = true;
                logger.LogWarning("Cache eviction listener lost its connection ({Error}); retrying", ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length != 3 || parts[0] == instanceId || !Guid.TryParseExact(parts[2], "N", out var id))
            return;
        // Evicting from the in-memory store is quick; the notification callback must not block the connection for long.
        _ = OutputCacheEvictions.EvictAsync(store, parts[1], id, CancellationToken.None);
    }
}
