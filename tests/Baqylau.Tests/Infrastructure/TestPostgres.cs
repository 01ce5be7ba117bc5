using Baqylau.Data.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baqylau.Tests.Infrastructure;

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

    private static async Task<Server> StartAsync()
    {
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

    private sealed record Server(string AdminConnectionString, LocalPostgresServer? Local);
}
