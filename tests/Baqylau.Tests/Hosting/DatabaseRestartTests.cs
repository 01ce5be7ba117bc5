using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Local;
using Baqylau.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baqylau.Tests.Hosting;

/// <summary>
/// PostgreSQL is stopped and started again under a bounded load, on a private cluster of this test (the run's
/// shared one must not go down under other tests).
/// </summary>
public class DatabaseRestartTests
{
    private const int Writes = 30;

    [Fact]
    public async Task A_database_restart_under_load_gives_localised_503s_then_recovers_without_losing_or_doubling_writes()
    {
        // Named like the run's shared cluster, so a later run removes it if this process dies before the finally.
        var clusterDir = TestPostgres.ClusterDirectory();
        var dataDir = Path.Combine(Path.GetTempPath(), $"baqylau-fault-data-{Guid.NewGuid():N}");
        var options = new LocalPostgresOptions(clusterDir, LocalPostgresServer.FindFreePort(), DeleteOnStop: false);
        var pg = await LocalPostgresServer.StartAsync(options, NullLogger.Instance);
        try
        {
            await pg.CreateDatabaseAsync("fault");
            await using var app = new AppInstance(pg.ConnectionString("fault"), dataDir, seedDemo: true);
            using var http = app.Http();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // bounded whatever happens
            var health = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
            var responses = new ConcurrentQueue<(string Url, HttpStatusCode Status, string Body)>();
            var clock = Stopwatch.StartNew();

            // Load for as long as the scenario lasts (bounded by stop); the short delays pace it, they decide nothing.
            var probe = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    health.Enqueue((clock.Elapsed, await StatusAsync(http, "/health/ready")));
                    await Task.Delay(100);
                }
            });

            // Readers: pages and API calls that must reach the database (new query strings miss the output cache).
            var sent = 0;
            var readers = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= 600)
                {
                    var n = Volatile.Read(ref sent);
                    var url = (n % 3) switch
                    {
                        0 => $"/ru/incidents?q=load{n}",
                        1 => $"/kk/statements?tag=load{n}",
                        _ => $"/api/v1/incidents?limit=3&q=load{n}",
                    };
                    try
                    {
                        using var response = await http.GetAsync(url, stop.Token);
                        responses.Enqueue((url, response.StatusCode, await response.Content.ReadAsStringAsync(stop.Token)));
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    await Task.Delay(20);
                }
            })).ToList();

            // A writer: each write has its key chosen beforehand, so after a failure it can ask whether it landed.
            var ids = Enumerable.Range(0, Writes).Select(_ => Guid.CreateVersion7()).ToList();
            var written = 0;
            var writer = Task.Run(async () =>
            {
                foreach (var (id, i) in ids.Select((id, i) => (id, i)))
                {
                    await WriteOnceAsync(app.Services, id, i, stop.Token);
                    Interlocked.Increment(ref written);
                    await Task.Delay(150);
                }
            });

            // The database goes down once the load is under way: health green, writes landing, pages served (as many
            // as the check of the request count below wants, so that check is about the load, not about timing).
            await WaitForAsync(() => health.Any(h => h.Status == HttpStatusCode.OK) && Volatile.Read(ref written) >= 2
                && responses.Count(r => r.Status == HttpStatusCode.OK) > 50, TimeSpan.FromSeconds(30));
            await pg.StopAsync();
            var stoppedAt = clock.Elapsed;
            await WaitForAsync(() => health.Any(h => h.At > stoppedAt && h.Status == HttpStatusCode.ServiceUnavailable), TimeSpan.FromSeconds(20));
            // It stays down until readers got the 503 page, which takes longer than the retrying strategy's patience
            // (3 retries, at most 2 s apart), so the writer meets the outage too.
            await WaitForAsync(() => responses.Any(r => r.Status == HttpStatusCode.ServiceUnavailable), TimeSpan.FromSeconds(30));
            pg = await LocalPostgresServer.StartAsync(options, NullLogger.Instance);
            var restartedAt = clock.Elapsed;
            await WaitForAsync(() => health.Any(h => h.At > restartedAt && h.Status == HttpStatusCode.OK), TimeSpan.FromSeconds(30));
            await writer.WaitAsync(TimeSpan.FromSeconds(60));
            // Readers are served again from the recovered database (unless they have sent all their requests).
            var afterWrites = responses.Count;
            await WaitForAsync(() => responses.Skip(afterWrites).Any(r => r.Status == HttpStatusCode.OK) || readers.All(r => r.IsCompleted), TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await Task.WhenAll(readers.Append(probe));

            // Readiness went red while the database was down and green again after, in the same process.
            Assert.Contains(health, h => h.At < stoppedAt && h.Status == HttpStatusCode.OK);
            Assert.Contains(health, h => h.At > stoppedAt && h.At < restartedAt && h.Status == HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.OK, health.Last().Status);

            // Readers saw pages or the friendly page, never an error page or a stack trace.
            Assert.True(responses.Count > 50, $"only {responses.Count} requests");
            var unexpected = responses.Where(r => r.Status is not HttpStatusCode.OK and not HttpStatusCode.ServiceUnavailable).ToList();
            Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Take(5).Select(r => $"{(int)r.Status} {r.Url}: {r.Body[..Math.Min(300, r.Body.Length)]}")));
            var outages = responses.Where(r => r.Status == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(outages);
            foreach (var (url, _, body) in outages)
            {
                Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
                if (url.StartsWith("/ru/", StringComparison.Ordinal))
                    Assert.Contains("Сайт временно недоступен", body, StringComparison.Ordinal);
                else if (url.StartsWith("/kk/", StringComparison.Ordinal))
                    Assert.Contains("Сайт уақытша қолжетімсіз", body, StringComparison.Ordinal);
            }

            // Recovered without a restart of the app.
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/ru/incidents?q=after-restart"));

            // Every write is there exactly once.
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
            var stored = await db.Organisations.Where(o => o.Slug.StartsWith("fault-write-")).Select(o => o.Id).ToListAsync();
            Assert.Equal(Writes, stored.Count);
            Assert.Equal(ids.Order(), stored.Order());
        }
        finally
        {
            await pg.StopAsync();
            if (Directory.Exists(clusterDir))
                Directory.Delete(clusterDir, recursive: true);
            File.Delete(clusterDir + ".password");
            if (Directory.Exists(dataDir))
                Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Saves one row through the app's own DbContext (retrying execution strategy); when the outcome is unknown
    /// (the connection died around the commit), asks the database whether the row landed before trying again.
    /// </summary>
    private static async Task WriteOnceAsync(IServiceProvider services, Guid id, int index, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
                if (await db.Organisations.AnyAsync(o => o.Id == id, ct))
                    return;
                db.Organisations.Add(new Organisation
                {
                    Id = id,
                    Slug = $"fault-write-{index}",
                    Name = new LocalizedText($"Жазба {index}", $"Запись {index}"),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or TimeoutException
                                           or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException)
            {
                await Task.Delay(250, ct);
            }
        }

        throw new InvalidOperationException($"write {index} never landed");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return response.StatusCode;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
