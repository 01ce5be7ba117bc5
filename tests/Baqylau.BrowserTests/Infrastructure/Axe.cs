using System.Text.Json;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Infrastructure;

/// <summary>axe-core (the npm package of this project, see package.json) injected into a page and run there.</summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Baqylau.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run 'npm ci' in tests/Baqylau.BrowserTests (the build does it when npm is on PATH).");
        return File.ReadAllText(path);
    });

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public sealed record Violation(string Id, string Impact, string Help, IReadOnlyList<string> Targets);

    /// <summary>Serious and critical violations of WCAG 2.x A/AA and best-practice rules on the page as it is now.</summary>
    public static async Task<IReadOnlyList<Violation>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script.Value });
        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const r = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                resultTypes: ['violations']
              });
              return JSON.stringify(r.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 200))
              })));
            }
            """);
        var all = JsonSerializer.Deserialize<List<Violation>>(json, JsonOptions) ?? [];
        return [.. all.Where(v => v.Impact is "serious" or "critical")];
    }

    public static string Describe(string url, IEnumerable<Violation> violations) =>
        string.Join("\n", violations.Select(v => $"{url}: [{v.Impact}] {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Targets)));
}
