using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Local.Demo;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Journey 6: an author of one organisation opens another organisation's incident by URL and is refused.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganisationBoundaryTests(BrowserApp app)
{
    [Fact]
    public async Task Author_of_one_organisation_is_refused_another_organisations_incident()
    {
        // An incident of «Еркіндік қанаты», one that exists only in the workspace (internal) when there is one.
        Guid incidentId;
        string[] titles;
        await using (var db = app.CreateDbContext())
        {
            var incident = await db.Incidents.AsNoTracking()
                .Where(i => i.OrganisationId == DemoIds.ErkindikQanaty)
                .OrderBy(i => i.Visibility == Baqylau.Incidents.IncidentVisibility.Public)
                .Select(i => new { i.Id })
                .FirstAsync();
            incidentId = incident.Id;
            titles = await db.IncidentTranslations.AsNoTracking().Where(t => t.IncidentId == incidentId).Select(t => t.Title).ToArrayAsync();
        }

        Assert.NotEmpty(titles);

        // author2 belongs to the other organisation.
        await using var context = await app.NewContextAsync(new() { Locale = "ru-RU" });
        var page = await Pages.SignInAsync(app, context, "author2@baqylau.local", secondFactor: false);
        await Pages.GotoWorkspaceAsync(page, $"/workspace/incidents/{incidentId}");

        await page.Locator(".mud-alert-text-error, .mud-alert-filled-error, [role=alert]").First.WaitForAsync();
        var text = await Pages.VisibleTextAndValuesAsync(page);
        foreach (var title in titles)
            Assert.DoesNotContain(title, text, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=save]").CountAsync());

        // The same URL for an author of the incident's own organisation opens it: the refusal is about the organisation.
        await using var own = await app.NewContextAsync();
        var ownPage = await Pages.SignInAsync(app, own, "author@baqylau.local", secondFactor: false);
        await Pages.GotoWorkspaceAsync(ownPage, $"/workspace/incidents/{incidentId}");
        await ownPage.Locator("[data-testid=save]").First.WaitForAsync();
        var ownText = await Pages.VisibleTextAndValuesAsync(ownPage);
        Assert.Contains(titles, t => ownText.Contains(t, StringComparison.Ordinal));
    }
}
