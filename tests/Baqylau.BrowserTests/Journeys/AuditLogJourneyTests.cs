using Baqylau.Accounts;
using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Campaigns;
using Baqylau.Local.Demo;
using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>
/// An admin reads the audit log in Kazakh and in Russian, on a desktop and a phone: a moved campaign date is named,
/// shown as dates with the change marked, and the log's time is Kazakhstan time to the second.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditLogJourneyTests(BrowserApp app)
{
    private const string Admin = "admin@baqylau.local";

    [Fact]
    public async Task Admin_reads_a_moved_campaign_date_in_words_in_kazakh_and_russian_on_desktop_and_phone()
    {
        // Something to read: the second campaign's voting day moved by three days, saved as the admin.
        DateOnly before, after;
        var (scope, admin) = await StaffAccounts.ScopeAsAsync(app.Services, Admin, Roles.Admin);
        await using (scope)
        {
            var campaigns = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
            var form = await campaigns.GetAsync(admin, DemoIds.SecondCampaign);
            before = form.VotingDay!.Value;
            after = before.AddDays(3);
            form.VotingDay = after;
            await campaigns.SaveAsync(admin, form);
        }

        string originalLanguage;
        await using (var db = app.CreateDbContext())
            originalLanguage = await db.Users.Where(u => u.Email == Admin).Select(u => u.PreferredCulture).SingleAsync();

        await using var context = await app.NewContextAsync();
        var page = await Pages.SignInAsync(app, context, Admin, secondFactor: true);
        var problems = new List<string>();
        try
        {
            foreach (var lang in new[] { "kk", "ru" })
            {
                await SwitchLanguageAsync(page, lang);
                foreach (var width in new[] { 1280, 390 })
                {
                    await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                    await Pages.GotoWorkspaceAsync(page, "/workspace/admin/audit");
                    var row = page.Locator("tr.audit-row").Filter(new() { Has = page.Locator("[data-testid=audit-entity][data-entity=Campaign]") })
                        .Filter(new() { Has = page.Locator("tr[data-field=VotingDay]") }).First;
                    await row.WaitForAsync();

                    var expectedField = lang == "kk" ? "Дауыс беру күні" : "День голосования";
                    var change = row.Locator("tr[data-field=VotingDay]");
                    Assert.Equal(expectedField, (await change.Locator("th").InnerTextAsync()).Trim());
                    Assert.Equal(Datelines.FormatDate(before, lang), (await change.Locator(".audit-changes__before").InnerTextAsync()).Trim());
                    Assert.Equal(Datelines.FormatDate(after, lang), (await change.Locator(".audit-changes__after").InnerTextAsync()).Trim());
                    Assert.True(await change.Locator(".audit-changes__after ins").CountAsync() > 0, "the new day is marked");
                    Assert.Equal(lang == "kk" ? "Сайлау науқаны" : "Избирательная кампания", (await row.Locator("[data-testid=audit-entity]").InnerTextAsync()).Trim());
                    Assert.Matches(@"\d\d:\d\d:\d\d$", (await row.Locator("[data-testid=audit-row] time").InnerTextAsync()).Trim());
                    Assert.DoesNotContain("VotingDay", await row.InnerTextAsync(), StringComparison.Ordinal);

                    // The top of the page (filters, the newest entries): the whole log of 25 entries is too tall to review.
                    Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
                    await page.ScreenshotAsync(new PageScreenshotOptions
                    {
                        Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"audit-log-{lang}-{width}.png"),
                        FullPage = true,
                        Clip = new Clip { X = 0, Y = 0, Width = width, Height = width == 390 ? 2200 : 1500 },
                    });
                    var overflow = await Pages.HorizontalOverflowAsync(page);
                    if (overflow > 0)
                        problems.Add($"{lang} {width}px scrolls {overflow}px sideways: {await Pages.OverflowingElementsAsync(page)}");
                }
            }
        }
        finally
        {
            // Other journeys expect the admin's own language.
            await page.SetViewportSizeAsync(1280, 900);
            await SwitchLanguageAsync(page, originalLanguage);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The workspace's language buttons: a form post that stores the choice and reloads.</summary>
    private static async Task SwitchLanguageAsync(IPage page, string lang)
    {
        await Pages.GotoWorkspaceAsync(page, "/workspace");
        await page.Locator($"form.ws-lang button[value={lang}]").ClickAsync();
        await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{lang}'");
    }
}
