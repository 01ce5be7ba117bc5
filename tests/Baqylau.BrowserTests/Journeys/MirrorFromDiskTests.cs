using System.Text.Json;
using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Web.Mirror;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>
/// The static mirror of the demo content, opened from disk (file://, no server), looks like the live site: the same
/// title and heading, the site's stylesheets applied (computed styles equal the live page's), every image loaded,
/// and its links lead to other files of the copy. Screenshots of both are kept side by side for review.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MirrorFromDiskTests(BrowserApp app)
{
    // What a reader sees of a page, reduced to values that differ when a stylesheet or an image fails to load.
    private const string LookScript = """
        () => {
          const style = (selector, props) => {
            const el = document.querySelector(selector);
            if (!el) return null;
            const cs = getComputedStyle(el);
            return props.map(p => cs.getPropertyValue(p)).join(' | ');
          };
          return JSON.stringify({
            title: document.title,
            h1: document.querySelector('h1')?.textContent.trim() ?? null,
            body: style('body', ['font-family', 'color', 'background-color', 'margin-top']),
            header: style('.site-header', ['background-color', 'border-bottom-width', 'padding-top']),
            nav: style('.site-nav a', ['color', 'text-decoration-line', 'font-weight']),
            main: style('.site-main', ['max-width', 'padding-left']),
            h1Style: style('h1', ['font-size', 'font-weight', 'line-height']),
            langSwitch: style('.lang-switch', ['display']),
            images: document.images.length,
            brokenImages: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src')),
          });
        }
        """;

    [Fact]
    public async Task The_demo_mirror_opened_from_disk_looks_like_the_live_site()
    {
        var folder = Path.Combine(app.DataDirectory, "mirror-from-disk");
        var result = await app.Services.GetRequiredService<MirrorService>().ExportAsync(folder, zipPath: null);
        Assert.Empty(result.Failed);

        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var (type, lang) in new[] { ("home", "kk"), ("statement", "ru"), ("incidents", "ru"), ("incident", "kk"), ("campaign", "ru") })
        {
            var path = await PublicPages.PathAsync(app, type, lang);
            Assert.Equal(200, (await page.GotoAsync(app.BaseUrl + path))!.Status);
            var live = await LookAsync(page);
            var liveShot = await Pages.ScreenshotAsync(page, $"mirror-{type}-{lang}-live");

            var file = Path.Combine(folder, MirrorExporter.StoredPath(path));
            Assert.True(File.Exists(file), $"{path} is not in the mirror ({file})");
            await page.GotoAsync(new Uri(file).AbsoluteUri);
            var disk = await LookAsync(page);
            var diskShot = await Pages.ScreenshotAsync(page, $"mirror-{type}-{lang}-disk");
            // Full-page screenshots of the same size: the copy lays out exactly as the live page (a missing stylesheet,
            // font or image changes the height).
            Assert.Equal(PngSize(liveShot), PngSize(diskShot));

            Assert.Empty(disk.GetProperty("brokenImages").EnumerateArray());
            foreach (var key in new[] { "title", "h1", "body", "header", "nav", "main", "h1Style", "langSwitch", "images" })
                Assert.True(live.GetProperty(key).ToString() == disk.GetProperty(key).ToString(),
                    $"{path}: {key} live «{live.GetProperty(key)}», from disk «{disk.GetProperty(key)}»");
        }

        // Browsing the copy stays in the copy: the main navigation and the language switch open other files of it.
        await page.GotoAsync(new Uri(Path.Combine(folder, MirrorExporter.StoredPath("/kk"))).AbsoluteUri);
        await page.Locator(".site-nav a").Nth(1).ClickAsync();
        Assert.StartsWith("file://", page.Url, StringComparison.Ordinal);
        Assert.EndsWith("/kk/incidents/index.html", page.Url, StringComparison.Ordinal);
        Assert.NotNull(await page.QuerySelectorAsync("h1"));
        await page.Locator(".lang-switch a[hreflang='ru']").ClickAsync();
        Assert.EndsWith("/ru/incidents/index.html", page.Url, StringComparison.Ordinal);
        Assert.NotNull(await page.QuerySelectorAsync("h1"));
    }

    /// <summary>Width and height from a PNG's header (big-endian, bytes 16 to 23).</summary>
    private static (int Width, int Height) PngSize(string file)
    {
        var head = File.ReadAllBytes(file).AsSpan(16, 8);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head[4..]));
    }

    private static async Task<JsonElement> LookAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        return JsonDocument.Parse(await page.EvaluateAsync<string>(LookScript)).RootElement.Clone();
    }
}
