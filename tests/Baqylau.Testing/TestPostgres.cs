using Baqylau.Data.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baqylau.Testing;

/// <summary>
/// One PostgreSQL server per test run: the one in BAQYLAU_TEST_CONNECTION when set, otherwise a throwaway
/// cluster from the local binaries, deleted when the test process exits.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Instance = new(StartAsync);

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

    /// <summary>Stops and deletes this run's cluster (called once at the end of the run).</summary>
    public static void Shutdown()
    {
        if (!Instance.IsValueCreated || !Instance.Value.IsCompletedSuccessfully)
            return;
        Instance.Value.Result.Local?.StopAsync().GetAwaiter().GetResult();
    }

    private static async Task<Server> StartAsync()
    {
        RemoveLeftovers();
        var external = Environment.GetEnvironmentVariable("BAQYLAU_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(external))
            return new Server(new NpgsqlConnectionStringBuilder(external) { Database = "postgres" }.ConnectionString, null);

        var dir = Path.Combine(Path.GetTempPath(), $"baqylau-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        var local = await LocalPostgresServer.StartAsync(
            new LocalPostgresOptions(dir, LocalPostgresServer.FindFreePort(), DeleteOnStop: true), NullLogger.Instance);
        // Remove the cluster when the test process ends, whatever the outcome of the run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => local.StopAsync().GetAwaiter().GetResult();
        return new Server(local.ConnectionString("postgres"), local);
    }

    /// <summary>
    /// Clusters of earlier runs whose test process is gone (killed, crashed) are stopped and deleted, so a
    /// developer's machine does not fill up with idle servers.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "baqylau-test-pg-*"))
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

    private sealed record Server(string AdminConnectionString, LocalPostgresServer? Local);
}
