using Baqylau.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baqylau.Testing;

/// <summary>
/// One PostgreSQL server per test process: the one in BAQYLAU_TEST_CONNECTION when set, otherwise a throwaway
/// cluster from the local binaries, stopped and deleted at the end of the run (<see cref="TestRunFramework"/>).
/// </summary>
public static class TestPostgres
{
    private const string ClusterPrefix = "baqylau-test-pg-";
    private static readonly Lazy<Task<Server>> Instance = new(StartAsync);
    private static readonly Lock ShutdownLock = new();
    private static Task? _shutdown;

    /// <summary>
    /// Names this run in its cluster folders, so scripts/test.sh can tell them from another checkout's run: the
    /// BAQYLAU_TEST_RUN variable (letters and digits), else "local".
    /// </summary>
    public static string RunId { get; } = ReadRunId();

    /// <summary>
    /// A folder for a throwaway cluster of this test process (the shared one, or a test's own):
    /// <c>baqylau-test-pg-{owner pid}-{run}-{random}</c> under the temporary folder. The owner pid lets a later run
    /// remove it if this process dies before it can; the run id lets scripts/test.sh check nothing of its run is left.
    /// </summary>
    public static string ClusterDirectory() =>
        Path.Combine(Path.GetTempPath(), $"{ClusterPrefix}{Environment.ProcessId}-{RunId}-{Guid.NewGuid():N}"[..(ClusterPrefix.Length + 32)]);

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await Instance.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var conn = new NpgsqlConnection(server.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0", conn);
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await Instance.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(server.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Stops and deletes this process's cluster, if it started one; safe to call more than once and from the end of
    /// the run and process exit alike (the first call does the work, the others wait for it).
    /// </summary>
    public static Task ShutdownAsync()
    {
        lock (ShutdownLock)
        {
            _shutdown ??= StopAsync();
            return _shutdown;
        }

        static async Task StopAsync()
        {
            if (!Instance.IsValueCreated)
                return;
            Server server;
            try
            {
                server = await Instance.Value;
            }
            catch (Exception)
            {
                // It never started (StartAsync removes a cluster that failed to come up).
                return;
            }

            if (server.Local is not null)
                await server.Local.StopAsync();
        }
    }

    private static async Task<Server> StartAsync()
    {
        RemoveLeftovers();
        var external = Environment.GetEnvironmentVariable("BAQYLAU_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(external))
            return new Server(new NpgsqlConnectionStringBuilder(external) { Database = "postgres" }.ConnectionString, null);

        var local = await LocalPostgresServer.StartAsync(
            new LocalPostgresOptions(ClusterDirectory(), LocalPostgresServer.FindFreePort(), DeleteOnStop: true), NullLogger.Instance);
        // A second line of defence: TestRunFramework stops it before the run reports its end, but a host that ends
        // another way (a crash of the runner, a cancelled run) may still run exit handlers.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ShutdownAsync().GetAwaiter().GetResult();
        return new Server(local.ConnectionString("postgres"), local);
    }

    /// <summary>
    /// Clusters of earlier runs whose test process is gone (killed, crashed) are stopped and deleted, so a
    /// developer's machine does not fill up with idle servers.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), ClusterPrefix + "*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 5 || !int.TryParse(parts[3], out var ownerPid) || IsAlive(ownerPid))
                continue;
            try
            {
                var pidFile = Path.Combine(dir, "postmaster.pid");
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster) && IsAlive(postmaster))
                {
                    // SIGINT is PostgreSQL's "fast shutdown"; root may signal the postgres user's process.
                    using var kill = System.Diagnostics.Process.Start("kill", ["-INT", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    kill.WaitForExit(5000);
                    for (var i = 0; i < 50 && IsAlive(postmaster); i++)
                        Thread.Sleep(100);
                }

                Directory.Delete(dir, recursive: true);
                File.Delete(dir + ".password");
            }
            catch (IOException)
            {
                // Another run may be cleaning the same folder; the next run tries again.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string ReadRunId()
    {
        var raw = Environment.GetEnvironmentVariable("BAQYLAU_TEST_RUN") ?? string.Empty;
        var id = new string([.. raw.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(12)]);
        return id.Length > 0 ? id : "local";
    }

    private sealed record Server(string AdminConnectionString, LocalPostgresServer? Local);
}
