using Baqylau.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>
/// Every public page type in both languages, as a desktop and a phone see it: axe-core finds nothing serious or
/// critical, a screenshot at 1280 and at 390 px is kept for review, and the phone never scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(BrowserApp app)
{
    public static TheoryData<string, string> Pages => PublicPages.TypesByLanguage();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Public_page_has_no_serious_accessibility_violations_and_fits_1280_and_390_px(string type, string lang)
    {
        var path = await PublicPages.PathAsync(app, type, lang);
        var problems = new List<string>();
        foreach (var width in new[] { 1280, 390 })
        {
            await using var context = await app.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = width == 390 ? 844 : 900 },
                IsMobile = width == 390,
                HasTouch = width == 390,
                DeviceScaleFactor = 1,
                // Only so the test can inject axe-core: the site's CSP rightly refuses inline scripts.
                BypassCSP = true,
            });
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(path);
            Assert.Equal(type == "not-found" ? 404 : 200, response!.Status);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var file = await Infrastructure.Pages.ScreenshotAsync(page, $"{type}-{lang}-{width}");
            Assert.True(new FileInfo(file).Length > 1000, file);

            var overflow = await Infrastructure.Pages.HorizontalOverflowAsync(page);
            if (overflow > 0)
                problems.Add($"{path} at {width} px scrolls sideways by {overflow} px: {await Infrastructure.Pages.OverflowingElementsAsync(page)}");

            if (width == 1280)
            {
                var violations = await Axe.SeriousViolationsAsync(page);
                if (violations.Count > 0)
                    problems.Add(Axe.Describe(path, violations));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
