using System.Text;
using Baqylau.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Journey 1: a journalist reads a statement, switches language, digs through the timeline and downloads what they see.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JournalistJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Journalist_reads_in_Kazakh_switches_to_Russian_filters_searches_cites_and_downloads_the_rows_on_screen()
    {
        await using var context = await app.NewContextAsync(new BrowserNewContextOptions { Locale = "kk-KZ", AcceptDownloads = true });
        var page = await context.NewPageAsync();

        // "/" lands on Kazakh for a Kazakh browser.
        await page.GotoAsync("/");
        Assert.Equal("/kk", new Uri(page.Url).AbsolutePath.TrimEnd('/'));
        Assert.Equal("kk", await page.Locator("html").GetAttributeAsync("lang"));

        // The lead statement of the home page.
        var statementLink = page.Locator("main a[href^='/kk/statements/']:not([href='/kk/statements'])").First;
        var kazakhPath = await statementLink.GetAttributeAsync("href") ?? string.Empty;
        await statementLink.ClickAsync();
        await page.WaitForURLAsync($"**{kazakhPath}");
        var kazakhHeadline = (await page.Locator("main h1").First.InnerTextAsync()).Trim();
        Assert.NotEmpty(kazakhHeadline);

        // Switch to Russian on the statement: the same statement (its Kazakh twin is the page we came from), in Russian.
        await page.Locator(".lang-switch a[hreflang='ru']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/ru/statements/", StringComparison.Ordinal));
        Assert.Equal("ru", await page.Locator("html").GetAttributeAsync("lang"));
        var kazakhTwin = await page.Locator("head link[rel=alternate][hreflang=kk]").GetAttributeAsync("href");
        Assert.Equal(kazakhPath, new Uri(kazakhTwin!).AbsolutePath);
        var russianHeadline = (await page.Locator("main h1").First.InnerTextAsync()).Trim();
        Assert.NotEmpty(russianHeadline);
        Assert.NotEqual(kazakhHeadline, russianHeadline);

        // It stays Russian: the site's own links keep the language, and "/" now remembers it.
        await page.Locator("header a[href='/ru/incidents']").First.ClickAsync();
        await page.WaitForURLAsync("**/ru/incidents");
        await page.GotoAsync("/");
        Assert.Equal("/ru", new Uri(page.Url).AbsolutePath.TrimEnd('/'));

        // The incident timeline, filtered by category and year with the page's own form.
        await page.Locator("header a[href='/ru/incidents']").First.ClickAsync();
        await page.WaitForURLAsync("**/ru/incidents");
        var unfiltered = await TimelineLinksAsync(page);
        Assert.NotEmpty(unfiltered);

        await page.Locator("details.filters__more > summary").ClickAsync();
        await page.Locator("#f-category").SelectOptionAsync("internet-blocking");
        await page.Locator("#f-from").SelectOptionAsync("2026");
        await page.Locator("#f-to").SelectOptionAsync("2026");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("category=internet-blocking", StringComparison.Ordinal) && url.Contains("from=2026", StringComparison.Ordinal));
        var filtered = await TimelineLinksAsync(page);
        Assert.NotEmpty(filtered);
        Assert.True(filtered.Count < unfiltered.Count, "the filter narrowed the timeline");
        foreach (var meta in await page.Locator(".timeline-item__meta").AllInnerTextsAsync())
            Assert.Contains("Интернет", meta, StringComparison.OrdinalIgnoreCase);

        // A word on top of the filters (the Russian word matches Russian and Kazakh texts alike).
        await page.Locator("#f-q").FillAsync("мобильный");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal) && url.Contains("category=internet-blocking", StringComparison.Ordinal));
        var searched = await TimelineLinksAsync(page);
        Assert.NotEmpty(searched);
        Assert.True(searched.Count < filtered.Count, "the search narrowed the filtered timeline");
        Assert.All(searched, s => Assert.Contains(s, filtered));
        var titlesOnScreen = (await page.Locator(".timeline-item__title a").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        var resultsUrl = page.Url;

        // The permalink of the first one: a page of its own, with its title and a citation.
        await page.Locator(".timeline-item__title a").First.ClickAsync();
        await page.WaitForURLAsync($"**{searched[0]}");
        Assert.Equal(titlesOnScreen[0], (await page.Locator("main h1").First.InnerTextAsync()).Trim());

        // Back to the results; the CSV link downloads exactly the rows shown.
        await page.GotoAsync(resultsUrl);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("main a[href*='incidents.csv']").First.ClickAsync());
        var csvPath = await download.PathAsync();
        var rows = ParseCsv(await File.ReadAllTextAsync(csvPath, Encoding.UTF8));
        var header = rows[0];
        var idColumn = 0;
        var titleColumn = Array.IndexOf(header, header.First(h => h.Contains("Название", StringComparison.OrdinalIgnoreCase) || h.Contains("Заголовок", StringComparison.OrdinalIgnoreCase)));
        var data = rows.Skip(1).Where(r => r.Length > 1).ToList();
        Assert.Equal(searched.Select(s => s.Split('/').Last()), data.Select(r => r[idColumn]));
        Assert.Equal(titlesOnScreen, data.Select(r => r[titleColumn]));
    }

    private static async Task<List<string>> TimelineLinksAsync(IPage page)
    {
        var links = new List<string>();
        foreach (var a in await page.Locator(".timeline-item__title a").AllAsync())
            links.Add(await a.GetAttributeAsync("href") ?? string.Empty);
        return links;
    }

    /// <summary>RFC 4180: quoted fields with commas, doubled quotes and line breaks.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        text = text.TrimStart('\uFEFF');
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }
}
