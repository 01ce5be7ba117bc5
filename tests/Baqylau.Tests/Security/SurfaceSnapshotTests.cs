using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace Baqylau.Tests.Security;

/// <summary>
/// The app's public surface, compared with a recorded copy: every route (methods, pattern, who may call it) and the
/// OpenAPI document. A restructuring must leave both as they were; a deliberate change records the new copy
/// (BAQYLAU_UPDATE_SNAPSHOTS=1 writes it, and the test still fails once so the new copy is looked at and committed).
/// </summary>
[Collection(SecurityWebCollection.Name)]
public sealed class SurfaceSnapshotTests(BaqylauWebFactory factory)
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Baqylau.Tests", "Security", "Snapshots");

    [Fact]
    public void The_route_table_is_the_recorded_one()
    {
        var lines = factory.Endpoints()
            .Where(e => !e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
            .Select(Describe)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(lines.Count > 30, $"only {lines.Count} routes found");
        Compare("routes.txt", string.Join('\n', lines) + "\n");
    }

    [Fact]
    public async Task The_openapi_document_is_the_recorded_one()
    {
        var response = await factory.Client().GetAsync("/api/v1/openapi.json");
        response.EnsureSuccessStatusCode();
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(document["paths"]);
        var text = document.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        });
        Compare("openapi.json", text.ReplaceLineEndings("\n") + "\n");
    }

    /// <summary>"GET,HEAD /pattern  auth=policy|roles  anonymous": what a caller meets, not which class serves it.</summary>
    private static string Describe(RouteEndpoint e)
    {
        var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m
            ? string.Join(',', m.Order(StringComparer.Ordinal))
            : "*";
        var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => $"{a.Policy ?? "default"}{(a.Roles is null ? string.Empty : "/roles:" + a.Roles)}{(a.AuthenticationSchemes is null ? string.Empty : "/schemes:" + a.AuthenticationSchemes)}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var line = $"{methods} /{e.RoutePattern.RawText!.TrimStart('/')}";
        var auth = string.Join('+', authorize);
        if (auth.Length > 0)
            line += "  auth=" + auth;
        if (e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            line += "  anonymous";
        return line;
    }

    private static void Compare(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        if (Environment.GetEnvironmentVariable("BAQYLAU_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual);
            Assert.Fail($"{name} recorded anew at {path}: look at the change, commit it, and run again without BAQYLAU_UPDATE_SNAPSHOTS");
        }

        Assert.True(File.Exists(path), $"no recorded {name} at {path} (BAQYLAU_UPDATE_SNAPSHOTS=1 records it)");
        var expected = File.ReadAllText(path);
        if (expected == actual)
            return;
        var received = Path.Combine(Path.GetTempPath(), $"baqylau-{name}.received");
        File.WriteAllText(received, actual);
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
        Assert.Fail($"{name} differs from the recorded copy from line {first + 1}:\n" +
            $"  recorded: {(first < expectedLines.Length ? expectedLines[first] : "(end)")}\n" +
            $"  now:      {(first < actualLines.Length ? actualLines[first] : "(end)")}\n" +
            $"the whole answer is in {received}");
    }
}
