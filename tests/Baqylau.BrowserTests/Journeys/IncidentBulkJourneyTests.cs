using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>
/// An editor ticks three incidents on the list, asks to verify them, confirms what the dialog says will change, and
/// reads which one was refused and why; in both languages, on a desktop and a phone-wide screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IncidentBulkJourneyTests(BrowserApp app)
{
    [Theory]
    [InlineData("kk", 1280)]
    [InlineData("ru", 1280)]
    [InlineData("kk", 390)]
    [InlineData("ru", 390)]
    public async Task Editor_verifies_three_selected_and_the_one_not_yet_corroborated_is_refused_with_its_reason(string lang, int width)
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var ids = await ArrangeAsync(stamp);

        await using var context = await app.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await Pages.SignInAsync(app, context, "editor@baqylau.local", secondFactor: true);
        await Pages.GotoWorkspaceAsync(page, "/workspace");
        await Pages.UseLanguageAsync(page, lang);
        try
        {
            await Pages.GotoWorkspaceAsync(page, "/workspace/incidents");
            await page.Locator("[data-testid=list-search] input, input[data-testid=list-search]").First.FillAsync(stamp);
            var rows = page.Locator("[data-testid=incidents-grid] tbody tr.mud-table-row");
            await Assertions.Expect(rows).ToHaveCountAsync(3);

            foreach (var row in await rows.AllAsync())
                await row.Locator("input[type=checkbox]").CheckAsync();
            Assert.EndsWith("/workspace/incidents", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("[data-testid=bulk-count]")).ToContainTextAsync("3");

            await page.Locator("[data-testid=bulk-kind]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Nth((int)IncidentBulkKind.Verification).ClickAsync();
            await page.Locator("[data-testid=bulk-target]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Nth((int)VerificationStatus.Verified).ClickAsync();
            await page.Locator("[data-testid=bulk-review]").ClickAsync();

            // The dialog says what changes and on how many before anything is written.
            var dialog = page.Locator("[data-testid=bulk-confirm]");
            await dialog.WaitForAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=bulk-confirm-changing] li")).ToHaveCountAsync(2);
            await Assertions.Expect(dialog.Locator("[data-testid=bulk-confirm-unchanged] li")).ToHaveCountAsync(1);
            await Assertions.Expect(dialog.Locator("[data-testid=bulk-confirm-unchanged]")).ToContainTextAsync($"Reported {stamp}");
            await Pages.ScreenshotAsync(page, $"incidents-bulk-dialog-{lang}-{width}");
            Assert.Equal(VerificationStatus.Corroborated, await StatusAsync(ids[0]));
            await page.Locator("[data-testid=bulk-apply]").ClickAsync();

            var refused = page.Locator("[data-testid=bulk-refused] li");
            await Assertions.Expect(refused).ToHaveCountAsync(1);
            var text = await refused.InnerTextAsync();
            Assert.Contains($"Reported {stamp}", text, StringComparison.Ordinal);
            Assert.Contains(lang == "kk" ? "Хабарланды" : "Сообщено", text, StringComparison.Ordinal);
            Assert.Equal([VerificationStatus.Verified, VerificationStatus.Verified, VerificationStatus.Reported],
                [await StatusAsync(ids[0]), await StatusAsync(ids[1]), await StatusAsync(ids[2])]);

            var overflow = await Pages.HorizontalOverflowAsync(page);
            var file = await Pages.ScreenshotAsync(page, $"incidents-bulk-{lang}-{width}");
            Assert.True(overflow <= 0, $"{file}: {overflow}px too wide: {await Pages.OverflowingElementsAsync(page)}");
        }
        finally
        {
            await Pages.UseLanguageAsync(page, "kk");
        }
    }

    /// <summary>Three incidents of the editor's organisation, found by the stamp: two corroborated, one only reported.</summary>
    private async Task<Guid[]> ArrangeAsync(string stamp)
    {
        await using var db = app.CreateDbContext();
        var category = await db.IncidentCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var incidents = new[] { ("Corroborated A", VerificationStatus.Corroborated), ("Corroborated B", VerificationStatus.Corroborated), ("Reported", VerificationStatus.Reported) }
            .Select((x, n) =>
            {
                var incident = new Incident
                {
                    OrganisationId = DemoIds.ErkindikQanaty,
                    CategoryId = category,
                    Verification = x.Item2,
                    Visibility = IncidentVisibility.Internal,
                    RecordedAt = now,
                    CreatedAt = now,
                    UpdatedAt = now.AddSeconds(-n),
                };
                incident.SetOccurred(FuzzyDate.ForYear(2024));
                incident.Translations.Add(new IncidentTranslation { Culture = "kk", Title = $"{x.Item1} {stamp}", UpdatedAt = now });
                incident.Translations.Add(new IncidentTranslation { Culture = "ru", Title = $"{x.Item1} {stamp}", UpdatedAt = now });
                return incident;
            }).ToArray();
        db.Incidents.AddRange(incidents);
        await db.SaveChangesAsync();
        return [.. incidents.Select(i => i.Id)];
    }

    private async Task<VerificationStatus> StatusAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Incidents.Where(i => i.Id == id).Select(i => i.Verification).SingleAsync();
    }
}
