using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Baqylau.Local;

namespace Baqylau.Tests.Hosting;

/// <summary>
/// The built app as its own OS process (<c>dotnet Baqylau.Web.dll</c>) on a free loopback port, configured through
/// environment variables as an operator would. Disposing kills it; it also ends by itself after
/// <see cref="Lifetime"/>, so a test host that dies cannot leave it running.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();

    private AppProcess(string name, Process process, int port)
    {
        Name = name;
        this.process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>
    /// Baqylau.Web.dll as built for this test run's configuration (the test project references it, so it is built
    /// first), checked to be the very assembly this test was compiled against.
    /// </summary>
    public static string WebDll => FindWebDll();

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string RecentLog => string.Join('\n', log.TakeLast(60));

    /// <summary>Runs the app once with arguments (e.g. <c>migrate</c>) and returns when it exits; fails on a non-zero exit.</summary>
    public static async Task RunCommandAsync(IReadOnlyDictionary<string, string> settings, TimeSpan limit, params string[] args)
    {
        var start = Command(settings, args);
        var result = await ChildProcess.RunAsync(start, limit);
        Assert.True(result.ExitCode == 0, $"Baqylau.Web.dll {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>Starts the app and returns once <c>/health/ready</c> answers 200 (or fails, with the app's log).</summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan readyWithin)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = LocalPostgresServer.FindFreePort();
            var start = Command(settings, "--urls", $"http://127.0.0.1:{port}");
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            var app = new AppProcess(name, new Process { StartInfo = start }, port);
            app.process.OutputDataReceived += (_, e) => app.Append(e.Data);
            app.process.ErrorDataReceived += (_, e) => app.Append(e.Data);
            app.process.Start();
            app.process.BeginOutputReadLine();
            app.process.BeginErrorReadLine();
            try
            {
                await app.WaitReadyAsync(readyWithin);
                return app;
            }
            catch (AddressInUseException) when (attempt < 3)
            {
                // Another process took the port between the probe and Kestrel's bind: try another.
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    public HttpClient Http(HttpMessageHandler handler) =>
        new(handler, disposeHandler: false) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static ProcessStartInfo Command(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        // coreutils' timeout bounds the app's life even if this test process is killed before it can stop it.
        var start = ChildProcess.Command("timeout", "--kill-after=5", $"{(int)Lifetime.TotalSeconds}", DotnetHost(), WebDll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // The source tree's project folder holds wwwroot, as for benchmarks/run.sh (the build output has no copy).
        var contentRoot = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web");
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        start.WorkingDirectory = contentRoot;
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        return start;
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                if (log.Any(l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
                    throw new AddressInUseException();
                Assert.Fail($"{Name} exited ({process.ExitCode}) before it was ready:\n{RecentLog}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            Assert.True(clock.Elapsed < limit, $"{Name} was not ready within {limit}:\n{RecentLog}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        log.Enqueue(line);
        while (log.Count > 400)
            log.TryDequeue(out _);
    }

    private static string DotnetHost()
    {
        // The test host usually runs under the same dotnet that built everything; otherwise the SDK's variable, or PATH.
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }

    private static string FindWebDll()
    {
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "bin", configuration, framework, "Baqylau.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution ({configuration}) first.");
        // The same build as the copy this test assembly references, or the processes would run other code than tested.
        using (var stream = File.OpenRead(dll))
        using (var pe = new PEReader(stream))
        {
            var reader = pe.GetMetadataReader();
            var mvid = reader.GetGuid(reader.GetModuleDefinition().Mvid);
            Assert.True(mvid == typeof(Program).Assembly.ManifestModule.ModuleVersionId, $"{dll} is not the build this test references: rebuild.");
        }

        return dll;
    }

    private sealed class AddressInUseException : Exception;
}
