using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Local.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>axe-core on the sign-in page and the main workspace pages, in both languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceAccessibilityTests(BrowserApp app)
{
    [Theory]
    [InlineData("kk", "editor@baqylau.local")]
    [InlineData("ru", "admin@baqylau.local")]
    public async Task Sign_in_and_main_workspace_pages_have_no_serious_or_critical_accessibility_violations(string lang, string email)
    {
        Guid incidentId;
        await using (var db = app.CreateDbContext())
            incidentId = await db.Incidents.Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();

        // BypassCSP only so the test can inject axe-core: the site's CSP rightly refuses inline scripts.
        await using var context = await app.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true });
        var problems = new List<string>();

        // The sign-in page, in the language chosen on it.
        var anonymous = await context.NewPageAsync();
        await anonymous.GotoAsync($"/account/culture?lang={lang}&returnUrl=%2Faccount%2Flogin");
        Assert.Equal(lang, await anonymous.Locator("html").GetAttributeAsync("lang"));
        problems.AddRange(Describe("/account/login", await Axe.SeriousViolationsAsync(anonymous)));
        await anonymous.CloseAsync();

        var page = await Pages.SignInAsync(app, context, email, secondFactor: true);
        await Pages.GotoWorkspaceAsync(page, "/workspace");
        if (await page.Locator("html").GetAttributeAsync("lang") != lang)
        {
            // The workspace language is the user's own setting, changed with the switch in the header.
            await page.Locator($"form.ws-lang button[value={lang}]").ClickAsync();
            await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{lang}'");
        }

        try
        {
            foreach (var path in new[]
                     {
                         "/workspace", "/workspace/statements", "/workspace/statements/new", $"/workspace/statements/{DemoIds.Statement20260708}",
                         "/workspace/incidents", "/workspace/incidents/new", $"/workspace/incidents/{incidentId}",
                     })
            {
                await Pages.GotoWorkspaceAsync(page, path);
                Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
                problems.AddRange(Describe(path, await Axe.SeriousViolationsAsync(page)));
            }
        }
        finally
        {
            // Leave the account in its demo language for the other journeys.
            if (lang != "kk")
            {
                await Pages.GotoWorkspaceAsync(page, "/workspace");
                await page.Locator("form.ws-lang button[value=kk]").ClickAsync();
                await page.WaitForFunctionAsync("() => document.documentElement.lang === 'kk'");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> Describe(string path, IReadOnlyList<Axe.Violation> violations) =>
        violations.Count == 0 ? [] : [Axe.Describe(path, violations)];
}
