using Baqylau.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Journey 7: with JavaScript off, every public page reads, and the lists filter and page with plain forms and links.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NoScriptJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Without_JavaScript_every_public_page_reads_filters_and_pages()
    {
        await using var context = await app.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "ru-RU" });
        var page = await context.NewPageAsync();

        // Proof the switch is on: scripts do not run in this context.
        await page.GotoAsync("/ru");
        await page.SetContentAsync("<p id=x>off</p><script>document.getElementById('x').textContent = 'on'</script>");
        Assert.Equal("off", await page.Locator("#x").InnerTextAsync());

        foreach (var lang in new[] { "kk", "ru" })
        {
            foreach (var type in PublicPages.Types)
            {
                var path = await PublicPages.PathAsync(app, type, lang);
                var response = await page.GotoAsync(path);
                Assert.Equal(type == "not-found" ? 404 : 200, response!.Status);
                var heading = (await page.Locator("h1, h2").First.InnerTextAsync()).Trim();
                Assert.False(string.IsNullOrEmpty(heading), $"{path} has a heading");
                Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            }
        }

        // Statements: filter by year with the form, then page with the pager's link.
        await page.GotoAsync("/ru/statements");
        var allFirst = await page.Locator(".news-item__title").AllInnerTextsAsync();
        await page.Locator("#f-year").SelectOptionAsync("2026");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("year=2026", StringComparison.Ordinal));
        Assert.Equal("2026", await page.Locator("#f-year").InputValueAsync());

        await page.GotoAsync("/ru/statements");
        await page.Locator("a[rel=next]").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal));
        var secondPage = await page.Locator(".news-item__title").AllInnerTextsAsync();
        Assert.NotEmpty(secondPage);
        Assert.Empty(secondPage.Intersect(allFirst));

        // Incidents: the filters behind <details> open without script, the form filters, the pager pages.
        await page.GotoAsync("/ru/incidents");
        var firstPage = await page.Locator(".timeline-item__title a").AllInnerTextsAsync();
        await page.Locator("a[rel=next]").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("after=", StringComparison.Ordinal));
        var older = await page.Locator(".timeline-item__title a").AllInnerTextsAsync();
        Assert.NotEmpty(older);
        Assert.Empty(older.Intersect(firstPage));

        await page.GotoAsync("/ru/incidents");
        await page.Locator("details.filters__more > summary").ClickAsync();
        await page.Locator("#f-category").SelectOptionAsync("internet-blocking");
        await page.Locator("#f-q").FillAsync("интернет");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("category=internet-blocking", StringComparison.Ordinal));
        var filtered = await page.Locator(".timeline-item__meta").AllInnerTextsAsync();
        Assert.NotEmpty(filtered);
        Assert.All(filtered, m => Assert.Contains("Интернет", m, StringComparison.OrdinalIgnoreCase));

        // A permalink from the filtered list reads too.
        await page.Locator(".timeline-item__title a").First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/ru/incidents/", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("main h1").First.InnerTextAsync()));
    }
}
