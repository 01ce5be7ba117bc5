using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Baqylau.Local;

namespace Baqylau.Tests.Security;

/// <summary>
/// scripts/check-vulnerable.sh against a NuGet V3 feed served here on 127.0.0.1: the dependency gate of
/// scripts/test.sh, shown to fail on an advisory and to pass without one, whatever the machine's own sources know.
/// </summary>
public class DependencyCheckTests
{
    private static readonly TimeSpan ScriptLimit = TimeSpan.FromMinutes(3);

    // HtmlSanitizer's HTML parser: the app has it only transitively.
    private const string Package = "AngleSharp";

    [Fact]
    public async Task An_advisory_against_a_package_the_solution_uses_fails_the_check_and_names_it()
    {
        var version = ResolvedVersions(Package)["Baqylau.Web"];
        const string advisory = "https://advisories.example/baqylau-test/1";
        using var feed = new FakeAuditFeed(new Dictionary<string, object[]>
        {
            [Package.ToLowerInvariant()] = [new { severity = 2, url = advisory, versions = $"[{version}]" }],
        });

        var result = await RunCheckAsync(feed.ServiceIndex);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains($"Package '{Package}' {version} has a known high severity vulnerability, {advisory}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Known vulnerable packages", result.Output, StringComparison.Ordinal);
        Assert.Contains(FakeAuditFeed.PagePath, feed.Requests);
    }

    [Fact]
    public async Task A_feed_with_no_advisory_for_our_versions_passes()
    {
        // Near misses: every version below the lowest one any project resolved, and a package nobody here uses.
        var lowest = ResolvedVersions(Package).Values.MinBy(Version.Parse);
        using var feed = new FakeAuditFeed(new Dictionary<string, object[]>
        {
            [Package.ToLowerInvariant()] = [new { severity = 3, url = "https://advisories.example/baqylau-test/2", versions = $"[0.1.0, {lowest})" }],
            ["not.a.baqylau.dependency"] = [new { severity = 3, url = "https://advisories.example/baqylau-test/3", versions = "[0.0.1, )" }],
        });

        var result = await RunCheckAsync(feed.ServiceIndex);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("No known vulnerable packages", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NU190", result.Output, StringComparison.Ordinal);
        // It passed having read the advisories, not for want of them.
        Assert.Contains(FakeAuditFeed.PagePath, feed.Requests);
    }

    [Fact]
    public async Task A_named_source_without_vulnerability_data_is_an_error_never_an_all_clear()
    {
        using var feed = new FakeAuditFeed(advisories: null);

        var result = await RunCheckAsync(feed.ServiceIndex);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("does not publish vulnerability data", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("No known vulnerable packages", result.Output, StringComparison.Ordinal);
    }

    private static Task<ChildProcess.Result> RunCheckAsync(string serviceIndex)
    {
        var start = ChildProcess.Command("bash", Path.Combine(RepoPaths.Root, "scripts", "check-vulnerable.sh"), "--audit-source", serviceIndex);
        start.WorkingDirectory = RepoPaths.Root;
        return ChildProcess.RunAsync(start, ScriptLimit);
    }

    /// <summary>
    /// The version of a package each project of the solution resolved (its restore's project.assets.json), by project
    /// name: the advisories below are written against what really ships, whatever later upgrades change.
    /// </summary>
    private static Dictionary<string, string> ResolvedVersions(string id)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        var solution = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Baqylau.slnx"));
        foreach (var project in solution.Descendants("Project").Select(p => p.Attribute("Path")!.Value))
        {
            var assets = Path.Combine(RepoPaths.Root, Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            using var json = JsonDocument.Parse(File.ReadAllText(assets));
            var library = json.RootElement.GetProperty("libraries").EnumerateObject().FirstOrDefault(l => l.Name.StartsWith(id + "/", StringComparison.Ordinal));
            if (library.Value.ValueKind == JsonValueKind.Object)
                versions[Path.GetFileNameWithoutExtension(project)] = library.Name[(id.Length + 1)..];
        }

        Assert.True(versions.ContainsKey("Baqylau.Web"), $"{id} is no longer among the app's packages: pick another for this test.");
        return versions;
    }

    /// <summary>
    /// A NuGet V3 service index with a VulnerabilityInfo/6.7.0 resource, its index and one page, in the format NuGet's
    /// restore audit reads (learn.microsoft.com/nuget/api/vulnerability-info). Without advisories, a service index
    /// that offers no vulnerability data at all.
    /// </summary>
    private sealed class FakeAuditFeed : IDisposable
    {
        public const string PagePath = "/v3/vulnerabilities/base.json";
        private readonly HttpListener listener;
        private readonly Task loop;
        private readonly string baseUrl;
        private readonly IReadOnlyDictionary<string, object[]>? advisories;
        private readonly ConcurrentQueue<string> requests = new();

        public FakeAuditFeed(IReadOnlyDictionary<string, object[]>? advisories)
        {
            this.advisories = advisories;
            (listener, baseUrl) = Listen();
            loop = Task.Run(ServeAsync);
        }

        public string ServiceIndex => baseUrl + "/v3/index.json";

        public IReadOnlyCollection<string> Requests => requests;

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            loop.Wait(TimeSpan.FromSeconds(5));
        }

        private static (HttpListener, string) Listen()
        {
            for (var attempt = 0; ; attempt++)
            {
                var url = $"http://127.0.0.1:{LocalPostgresServer.FindFreePort()}";
                var candidate = new HttpListener();
                candidate.Prefixes.Add(url + "/");
                try
                {
                    candidate.Start();
                    return (candidate, url);
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    // Someone took the port between the probe and the bind: another one.
                    candidate.Close();
                }
            }
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var path = context.Request.Url!.AbsolutePath;
                requests.Enqueue(path);
                object? body = path switch
                {
                    "/v3/index.json" => ServiceIndexBody(),
                    "/v3/vulnerabilities/index.json" when advisories is not null =>
                        new[] { new Dictionary<string, string> { ["@name"] = "base", ["@id"] = baseUrl + PagePath, ["@updated"] = "2026-01-01T00:00:00Z" } },
                    PagePath when advisories is not null => advisories,
                    _ => null,
                };
                try
                {
                    if (body is null)
                    {
                        context.Response.StatusCode = 404;
                        continue;
                    }

                    var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                catch (HttpListenerException)
                {
                    // The client went away; the next request is served as usual.
                }
                finally
                {
                    context.Response.Close();
                }
            }
        }

        private Dictionary<string, object> ServiceIndexBody()
        {
            var resources = new List<Dictionary<string, string>>
            {
                new() { ["@id"] = baseUrl + "/v3-flatcontainer/", ["@type"] = "PackageBaseAddress/3.0.0" },
            };
            if (advisories is not null)
                resources.Add(new() { ["@id"] = baseUrl + "/v3/vulnerabilities/index.json", ["@type"] = "VulnerabilityInfo/6.7.0" });
            return new Dictionary<string, object> { ["version"] = "3.0.0", ["resources"] = resources };
        }
    }
}
