using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Baqylau.Local;

/// <summary>Runs PostgreSQL's tools as child processes: bounded in time, output captured, the server log's tail in errors.</summary>
internal static class PostgresProcess
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static async Task<Result> RunAsync(string fileName, IReadOnlyList<string> args, CancellationToken ct,
        bool throwOnError = true, string? logFile = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The app's folder may be closed to the postgres user (e.g. /root); "/" is always reachable.
            WorkingDirectory = "/",
        };
        foreach (var arg in args)
            startInfo.ArgumentList.Add(arg);
        var commandLine = string.Join(' ', args.Prepend(fileName));

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run {fileName}: {e.Message}", e);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {ProcessTimeout.TotalSeconds:0} s and was killed.{LogTail(logFile)}");
        }

        // A grandchild holding our pipes open must not hang us either.
        var bothStreams = Task.WhenAll(stdout, stderr);
        await Task.WhenAny(bothStreams, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        var result = new Result(
            process.ExitCode,
            stdout.IsCompletedSuccessfully ? stdout.Result.Trim() : "",
            stderr.IsCompletedSuccessfully ? stderr.Result.Trim() : "");

        if (throwOnError && result.ExitCode != 0)
        {
            var message = new StringBuilder($"`{commandLine}` failed with exit code {result.ExitCode}.");
            if (result.StdErr.Length > 0)
                message.Append("\nstderr:\n").Append(result.StdErr);
            if (result.StdOut.Length > 0)
                message.Append("\nstdout:\n").Append(result.StdOut);
            message.Append(LogTail(logFile));
            throw new InvalidOperationException(message.ToString());
        }

        return result;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public static string LogTail(string? logFile, int lines = 20)
    {
        if (logFile is null || !File.Exists(logFile))
            return "";
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(0, stream.Length - 8192), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var tail = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines);
            return $"\nLast lines of {logFile}:\n{string.Join('\n', tail)}";
        }
        catch (IOException e)
        {
            return $"\n(could not read {logFile}: {e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"\n(could not read {logFile}: {e.Message})";
        }
    }

    public static bool IsRoot()
    {
        if (OperatingSystem.IsWindows())
            return false;
        try
        {
            return NativeMethods.geteuid() == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return Environment.UserName == "root";
        }
        catch (DllNotFoundException)
        {
            return Environment.UserName == "root";
        }
    }

    public static string RunUserPath() =>
        new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "Running as root, PostgreSQL must run as the 'postgres' user, but runuser (util-linux) was not found.");

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern uint geteuid();
    }
}
