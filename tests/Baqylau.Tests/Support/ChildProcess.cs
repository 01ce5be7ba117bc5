using System.Diagnostics;
using System.Text;

namespace Baqylau.Tests.Support;

/// <summary>Runs a command to its end within a time limit, output captured; on timeout the whole tree is killed.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>A command line with a clean environment (see <see cref="CleanEnvironment"/>); add the child's own settings after.</summary>
    public static ProcessStartInfo Command(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        CleanEnvironment(start);
        return start;
    }

    public static async Task<Result> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        // Both streams into one text, in arrival order, as a terminal would show them.
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} ran longer than {limit}:\n{Snapshot(output)}");
        }

        // WaitForExit without a token also waits for the redirected streams to be read to their end.
        process.WaitForExit();
        return new Result(process.ExitCode, Snapshot(output));
    }

    /// <summary>
    /// The test host's MSBuild and app settings must not leak into a child: a nested dotnet or an app started
    /// from here gets only what the test gives it.
    /// </summary>
    public static void CleanEnvironment(ProcessStartInfo start)
    {
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Baqylau__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("BAQYLAU_", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
