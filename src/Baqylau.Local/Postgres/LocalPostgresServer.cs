using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baqylau.Local;

/// <summary>
/// A private PostgreSQL server run from the local binaries: the Development database when no
/// connection string is configured, and the test suite's throwaway server.
/// </summary>
public sealed class LocalPostgresServer : IAsyncDisposable
{
    public const string SuperUser = "baqylau";

    private const string SystemUser = "postgres";
    private const string Locale = "C.UTF-8";
    // pg_ctl gives up before our own process timeout, so its clearer message wins.
    private const int PgCtlWaitSeconds = 50;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private const long MaxLogBytes = 10 * 1024 * 1024;

    private readonly string _binDirectory;
    private readonly string _passwordFile;
    private readonly string _logFile;
    private readonly LocalPostgresOptions _options;
    private readonly ILogger _logger;
    // initdb and postgres refuse to run as root; as root every tool runs as the postgres system user.
    private readonly bool _runAsPostgres;
    private string _password = "";
    private bool _stopped;

    private LocalPostgresServer(string binDirectory, string dataDirectory, string passwordFile,
        LocalPostgresOptions options, ILogger logger, bool runAsPostgres)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        _passwordFile = passwordFile;
        _logFile = Path.Combine(dataDirectory, "server.log");
        _options = options;
        _logger = logger;
        _runAsPostgres = runAsPostgres;
        Port = options.Port;
    }

    public string DataDirectory { get; }

    /// <summary>The port actually listened on: differs from the option when a running cluster was reused.</summary>
    public int Port { get; private set; }

    /// <summary>Folder holding initdb and pg_ctl: PATH first, else the highest /usr/lib/postgresql/&lt;ver&gt;/bin.</summary>
    public static string? FindBinDirectory() => PostgresBinaries.Find();

    /// <summary>A currently free loopback port (tests); another process could still take it before use.</summary>
    public static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task<LocalPostgresServer> StartAsync(LocalPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);

        var binDirectory = FindBinDirectory() ?? throw new PostgresBinariesNotFoundException();
        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        var parent = Path.GetDirectoryName(dataDirectory);
        if (string.IsNullOrEmpty(parent))
            throw new ArgumentException("DataDirectory must not be a filesystem root.", nameof(options));
        var passwordFile = Path.Combine(parent, Path.GetFileName(dataDirectory) + ".password");

        var server = new LocalPostgresServer(binDirectory, dataDirectory, passwordFile, options, logger, PostgresProcess.IsRoot());
        try
        {
            await server.InitializeAndStartAsync(parent, ct);
            return server;
        }
        catch when (options.DeleteOnStop)
        {
            // A throwaway cluster that failed to come up must not be left running or on disk.
            await server.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string database) => Builder(database).ConnectionString;

    /// <summary>Creates the database unless it exists, with a UTF-8 ctype so lower() and pg_trgm see Cyrillic letters.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        var quoted = QuoteIdentifier(name);
        await using var connection = await OpenAdminConnectionAsync(ct);

        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(ct) is not null)
                return;
        }

        // template0: template1 may carry another locale, and CREATE DATABASE only changes locale from template0.
        await using var create = new NpgsqlCommand(
            $"CREATE DATABASE {quoted} ENCODING 'UTF8' LC_COLLATE '{Locale}' LC_CTYPE '{Locale}' TEMPLATE template0", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
            _logger.LogInformation("Created database {Database} on local PostgreSQL port {Port}", name, Port);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created concurrently by another caller (parallel test classes): that is what we wanted.
        }
    }

    public async Task DropDatabaseAsync(string name, CancellationToken ct = default)
    {
        var quoted = QuoteIdentifier(name);
        await using (var connection = await OpenAdminConnectionAsync(ct))
        {
            // FORCE ends sessions still open on it (pooled connections of a finished test class).
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }

        // Those pooled connections are dead now; drop them client-side as well.
        await using var pooled = new NpgsqlConnection(ConnectionString(name));
        NpgsqlConnection.ClearPool(pooled);
        _logger.LogInformation("Dropped database {Database} on local PostgreSQL port {Port}", name, Port);
    }

    /// <summary>Stops the server (even one reused from an earlier run) and, for throwaway clusters, deletes it.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_stopped)
            return;

        if (await IsRunningAsync(ct))
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", Invariant(PgCtlWaitSeconds), "stop"], ct);
            _logger.LogInformation("Stopped local PostgreSQL on port {Port}", Port);
        }

        if (_options.DeleteOnStop)
        {
            if (Directory.Exists(DataDirectory))
                Directory.Delete(DataDirectory, recursive: true);
            File.Delete(_passwordFile);
            _logger.LogInformation("Deleted throwaway PostgreSQL cluster {DataDirectory}", DataDirectory);
        }

        _stopped = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception e)
        {
            // Disposal runs on shutdown and in finally blocks: report, don't mask the original error.
            _logger.LogError(e, "Could not stop local PostgreSQL in {DataDirectory}", DataDirectory);
        }
    }

    private async Task InitializeAndStartAsync(string parent, CancellationToken ct)
    {
        Directory.CreateDirectory(parent);
        var fresh = !File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));
        if (fresh)
        {
            await InitializeClusterAsync(ct);
        }
        else
        {
            if (!File.Exists(_passwordFile))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL cluster {DataDirectory} exists but its password file {_passwordFile} is missing; " +
                    "delete the cluster folder to recreate it (its data is lost).");
            }

            _password = (await File.ReadAllTextAsync(_passwordFile, ct)).Trim();
            await EnsureAccessibleToPostgresAsync(ct);
        }

        if (await IsRunningAsync(ct))
        {
            Port = ReadRunningPort() ?? Port;
            if (Port != _options.Port)
            {
                _logger.LogWarning(
                    "PostgreSQL cluster {DataDirectory} is already running on port {RunningPort}, not the requested {Port}; reusing it there",
                    DataDirectory, Port, _options.Port);
            }
            else
            {
                _logger.LogInformation("Reusing PostgreSQL cluster {DataDirectory} already running on port {Port}", DataDirectory, Port);
            }
        }
        else
        {
            await StartServerAsync(ct);
        }

        await WaitForConnectionAsync(ct);
    }

    private async Task InitializeClusterAsync(CancellationToken ct)
    {
        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new InvalidOperationException(
                $"{DataDirectory} is not empty but holds no PostgreSQL cluster (no PG_VERSION); remove it or choose another folder.");
        }

        _logger.LogInformation("Initialising PostgreSQL cluster in {DataDirectory} with {BinDirectory}", DataDirectory, _binDirectory);
        PrivateFiles.CreateDirectory(DataDirectory);
        if (_runAsPostgres)
            await PostgresProcess.RunAsync("chown", [SystemUser + ":", DataDirectory], ct);
        await EnsureAccessibleToPostgresAsync(ct);

        _password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        PrivateFiles.Write(_passwordFile, _password);

        // initdb reads the password from a file; it runs as postgres, so that copy is postgres's and short-lived.
        var initdbPasswordFile = Path.Combine(Path.GetDirectoryName(_passwordFile)!, $".{Path.GetFileName(DataDirectory)}.pwfile-{Guid.NewGuid():N}");
        try
        {
            PrivateFiles.Write(initdbPasswordFile, _password);
            if (_runAsPostgres)
                await PostgresProcess.RunAsync("chown", [SystemUser + ":", initdbPasswordFile], ct);

            List<string> args =
            [
                "-D", DataDirectory,
                "--username=" + SuperUser,
                "--pwfile=" + initdbPasswordFile,
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=" + Locale,
            ];
            if (_options.DeleteOnStop)
                args.Add("--no-sync");
            await RunToolAsync("initdb", args, ct);
        }
        catch
        {
            File.Delete(_passwordFile);
            throw;
        }
        finally
        {
            File.Delete(initdbPasswordFile);
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        RotateLog();

        // -o is parsed by /bin/sh inside pg_ctl; '' disables Unix sockets (Debian's default folder needs root to create).
        var serverOptions = $"-p {Invariant(Port)} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        if (_options.DeleteOnStop)
            serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; // data is thrown away anyway

        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", _logFile, "-w", "-t", Invariant(PgCtlWaitSeconds), "-o", serverOptions, "start"], ct);
        _logger.LogInformation("Started local PostgreSQL on 127.0.0.1:{Port} (cluster {DataDirectory})", Port, DataDirectory);
    }

    private async Task WaitForConnectionAsync(CancellationToken ct)
    {
        // pg_ctl -w only watches postmaster.pid; a real login proves port, password and pg_hba.conf too.
        var deadline = DateTime.UtcNow + ConnectTimeout;
        while (true)
        {
            try
            {
                await using var connection = await OpenAdminConnectionAsync(ct);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                throw new InvalidOperationException(
                    $"Local PostgreSQL on port {Port} rejected user {SuperUser} with the password from {_passwordFile} ({e.MessageText}); " +
                    $"is another server using that port, or does the file not belong to cluster {DataDirectory}?", e);
            }
            catch (Exception e) when ((e is NpgsqlException or SocketException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                throw new InvalidOperationException(
                    $"Local PostgreSQL on port {Port} accepted no connection within {ConnectTimeout.TotalSeconds:0} s: {e.Message}{LogTail()}", e);
            }
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            return false;
        // Exit 0: running; 3: not running (a stale pid file, e.g. after a crash).
        var result = await RunToolAsync("pg_ctl", ["-D", DataDirectory, "status"], ct, throwOnError: false);
        if (result.ExitCode != 0)
            return false;

        // Where nothing reaps orphans (PID 1 of some containers), a crashed postmaster stays a zombie: pg_ctl
        // and postgres's own lock check still see its PID alive, so the stale pid file has to go.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (ReadPidFileLine(0) is { } pid && IsZombie(pid))
        {
            _logger.LogWarning("PostgreSQL in {DataDirectory} crashed (PID {Pid} is a zombie); removing its stale postmaster.pid", DataDirectory, pid);
            File.Delete(pidFile);
            return false;
        }

        return true;
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces or parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false; // gone, or no /proc (not Linux)
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // postmaster.pid: line 1 is the PID, line 4 the port (see PostgreSQL's pidfile.h).
    private int? ReadRunningPort() => ReadPidFileLine(3);

    private int? ReadPidFileLine(int index)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
            return lines.Length > index && int.TryParse(lines[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }
        catch (FileNotFoundException)
        {
            return null; // stopped meanwhile
        }
    }

    private async Task EnsureAccessibleToPostgresAsync(CancellationToken ct)
    {
        if (!_runAsPostgres)
            return;
        // test -x on the cluster needs search permission on every parent: fail early and say so.
        var result = await PostgresProcess.RunAsync(PostgresProcess.RunUserPath(), ["-u", SystemUser, "--", "test", "-x", DataDirectory], ct, throwOnError: false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Running as root, PostgreSQL runs as the '{SystemUser}' user, which cannot reach {DataDirectory}: " +
                "every parent folder must be traversable by it (chmod o+x), or choose a DataDirectory elsewhere.");
        }
    }

    private void RotateLog()
    {
        var log = new FileInfo(_logFile);
        if (log.Exists && log.Length > MaxLogBytes)
            File.Move(_logFile, _logFile + ".1", overwrite: true);
    }

    private NpgsqlConnectionStringBuilder Builder(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = _password,
            Database = database,
        };
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(CancellationToken ct)
    {
        var builder = Builder("postgres");
        // Unpooled: admin connections must not linger and block DROP DATABASE or a fast shutdown.
        builder.Pooling = false;
        builder.Timeout = 5;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private Task<PostgresProcess.Result> RunToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return _runAsPostgres
            ? PostgresProcess.RunAsync(PostgresProcess.RunUserPath(), ["-u", SystemUser, "--", executable, .. args], ct, throwOnError, _logFile)
            : PostgresProcess.RunAsync(executable, args, ct, throwOnError, _logFile);
    }

    private string LogTail() => PostgresProcess.LogTail(_logFile);

    private static string QuoteIdentifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0'))
            throw new ArgumentException("Database name must not contain NUL.", nameof(name));
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
