using System.Collections.Concurrent;
using Baqylau.Local;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Baqylau.Tests.Local;

public sealed class LocalPostgresServerTests(ITestOutputHelper output) : IDisposable
{
    private readonly RecordingLogger _logger = new(output);
    private readonly string _root = CreateTempRoot();

    [Fact]
    public void FindBinDirectory_finds_initdb_and_pg_ctl()
    {
        var bin = LocalPostgresServer.FindBinDirectory();

        Assert.NotNull(bin);
        Assert.True(File.Exists(Path.Combine(bin, "initdb")));
        Assert.True(File.Exists(Path.Combine(bin, "pg_ctl")));
    }

    [Fact]
    public async Task Throwaway_server_creates_utf8_database_and_is_deleted_on_stop()
    {
        var dataDirectory = Path.Combine(_root, "pg");
        var server = await LocalPostgresServer.StartAsync(
            new LocalPostgresOptions(dataDirectory, LocalPostgresServer.FindFreePort(), DeleteOnStop: true), _logger);
        try
        {
            await server.CreateDatabaseAsync("utf8_check");
            await server.CreateDatabaseAsync("utf8_check"); // second call is a no-op

            await using var connection = new NpgsqlConnection(server.ConnectionString("utf8_check"));
            await connection.OpenAsync();
            Assert.Equal("C.UTF-8", await ScalarAsync(connection, "SHOW lc_ctype"));
            Assert.Equal("C.UTF-8", await ScalarAsync(connection, "SELECT datctype FROM pg_database WHERE datname = current_database()"));
            Assert.Equal("UTF8", await ScalarAsync(connection, "SHOW server_encoding"));
            Assert.Equal("қазақстан", await ScalarAsync(connection, "SELECT lower('ҚАЗАҚСТАН')"));

            var password = new NpgsqlConnectionStringBuilder(server.ConnectionString("utf8_check")).Password;
            Assert.False(string.IsNullOrEmpty(password));
            Assert.DoesNotContain(_logger.Lines, line => line.Contains(password!, StringComparison.Ordinal));
        }
        finally
        {
            await server.StopAsync();
        }

        Assert.False(Directory.Exists(dataDirectory));
        Assert.False(File.Exists(dataDirectory + ".password"));
    }

    [Fact]
    public async Task DropDatabase_removes_it_even_with_open_connections()
    {
        await using var server = await LocalPostgresServer.StartAsync(
            new LocalPostgresOptions(Path.Combine(_root, "pg"), LocalPostgresServer.FindFreePort(), DeleteOnStop: true), _logger);
        await server.CreateDatabaseAsync("doomed");
        await using var open = new NpgsqlConnection(server.ConnectionString("doomed"));
        await open.OpenAsync();

        await server.DropDatabaseAsync("doomed");

        await using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
        await admin.OpenAsync();
        Assert.Null(await ScalarAsync(admin, "SELECT datname FROM pg_database WHERE datname = 'doomed'"));
    }

    [Fact]
    public async Task Existing_cluster_is_reused_when_running_and_after_restart()
    {
        var dataDirectory = Path.Combine(_root, "pg");
        var port = LocalPostgresServer.FindFreePort();

        await using (var first = await LocalPostgresServer.StartAsync(new LocalPostgresOptions(dataDirectory, port, DeleteOnStop: false), _logger))
        {
            await first.CreateDatabaseAsync("keep");
            await using var connection = new NpgsqlConnection(first.ConnectionString("keep"));
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE note (body text); INSERT INTO note VALUES ('сақталды')");

            // A second start while the first still runs attaches to the same server.
            await using var second = await LocalPostgresServer.StartAsync(new LocalPostgresOptions(dataDirectory, port, DeleteOnStop: false), _logger);
            await using (var reused = new NpgsqlConnection(second.ConnectionString("keep")))
            {
                await reused.OpenAsync();
                Assert.Equal("сақталды", await ScalarAsync(reused, "SELECT body FROM note"));
            }
        }

        Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));
        Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")));

        // Stopped, then started again (on another port): initdb is skipped and the data is still there.
        await using var restarted = await LocalPostgresServer.StartAsync(
            new LocalPostgresOptions(dataDirectory, LocalPostgresServer.FindFreePort(), DeleteOnStop: false), _logger);
        await using var again = new NpgsqlConnection(restarted.ConnectionString("keep"));
        await again.OpenAsync();
        Assert.Equal("сақталды", await ScalarAsync(again, "SELECT body FROM note"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static string CreateTempRoot()
    {
        // Under /tmp with 0755: as root the server runs as 'postgres', which must traverse it (mkdtemp would give 0700).
        var root = Path.Combine(OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp", "baqylau-pg-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(root);
        }
        else
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return root;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Shows the server's log in test output and keeps it, to check the password never appears.</summary>
    private sealed class RecordingLogger(ITestOutputHelper output) : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}";
            Lines.Enqueue(line);
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // Logged after the test finished (disposal): nothing to show it in.
            }
        }
    }
}
