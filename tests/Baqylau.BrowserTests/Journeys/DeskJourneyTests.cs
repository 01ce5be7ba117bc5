using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Campaigns;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>
/// The desk per role: an author, an editor and an admin each find their items on /workspace, open one in its editor with one
/// click, and the compact app bar and drawer fit at 1280 and 390 px in both languages (screenshots for a person to look at).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskJourneyTests(BrowserApp app)
{
    private static readonly int[] Widths = [1280, 390];

    [Fact]
    public async Task Each_role_finds_its_desk_items_opens_one_in_its_editor_with_one_click_and_the_bar_fits()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var (returned, submitted, campaign) = await ArrangeAsync(stamp);
        var problems = new List<string>();

        // Author: what came back from review, with the editor's comment; one click opens the statement's editor.
        await using (var context = await app.NewContextAsync())
        {
            var page = await Pages.SignInAsync(app, context, "author@baqylau.local", secondFactor: false);
            await ShootAllAsync(page, "author", problems);
            await Pages.GotoWorkspaceAsync(page, "/workspace");
            var sentBack = page.Locator("[data-testid=desk-sent-back]");
            await Assertions.Expect(sentBack).ToContainTextAsync($"Desk journey {stamp}: returned");
            await Assertions.Expect(sentBack).ToContainTextAsync($"Add the source {stamp}");
            Assert.True(await page.Locator("[data-testid=nav-count-statements]").CountAsync() == 1, "the author's statements link shows no count");
            await OpensInOneClickAsync(page, sentBack.Locator($"a[data-id='{returned}']"), $"/workspace/statements/{returned}");
        }

        // Editor: the submitted statement waits in the review queue with its age.
        await using (var context = await app.NewContextAsync())
        {
            var page = await Pages.SignInAsync(app, context, "editor@baqylau.local", secondFactor: true);
            await ShootAllAsync(page, "editor", problems);
            await Pages.GotoWorkspaceAsync(page, "/workspace");
            var review = page.Locator("[data-testid=desk-review]");
            var item = review.Locator($"a[data-id='{submitted}']");
            await Assertions.Expect(item).ToHaveTextAsync($"Desk journey {stamp}: submitted");
            Assert.Equal(0, await page.Locator("[data-testid=audit-alerts]").CountAsync());
            await OpensInOneClickAsync(page, item, $"/workspace/statements/{submitted}");
        }

        // Admin: also alerts, accounts without a second factor and campaign dates; a date opens its campaign.
        await using (var context = await app.NewContextAsync())
        {
            var page = await Pages.SignInAsync(app, context, "admin@baqylau.local", secondFactor: true);
            await ShootAllAsync(page, "admin", problems);
            await Pages.GotoWorkspaceAsync(page, "/workspace");
            await Assertions.Expect(page.Locator("[data-testid=audit-alerts]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=desk-no-2fa] a[data-kind=account]").First).ToBeVisibleAsync();
            await OpensInOneClickAsync(page, page.Locator($"[data-testid=desk-key-dates] a[data-id='{campaign}']").First, $"/workspace/admin/campaigns/{campaign}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A draft sent back with a comment (the author's), a submitted statement and a campaign date ten days ahead.</summary>
    private async Task<(Guid Returned, Guid Submitted, Guid Campaign)> ArrangeAsync(string stamp)
    {
        await using var db = app.CreateDbContext();
        var author = await db.Users.Where(u => u.Email == "author@baqylau.local").Select(u => u.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        Statement New(string title, StatementStatus status) => new()
        {
            OrganisationId = DemoIds.ErkindikQanaty,
            CreatedById = author,
            Status = status,
            CreatedAt = now.AddDays(-3),
            UpdatedAt = now.AddDays(-1),
            Translations =
            [
                new StatementTranslation { Culture = "kk", Slug = $"desk-{stamp}-{status}-kk".ToLowerInvariant(), Title = title, UpdatedAt = now.AddDays(-1) },
                new StatementTranslation { Culture = "ru", Slug = $"desk-{stamp}-{status}-ru".ToLowerInvariant(), Title = title, UpdatedAt = now.AddDays(-1) },
            ],
        };
        var returned = New($"Desk journey {stamp}: returned", StatementStatus.Draft);
        var submitted = New($"Desk journey {stamp}: submitted", StatementStatus.InReview);
        db.Statements.AddRange(returned, submitted);
        db.StatementRevisions.AddRange(
            new StatementRevision { StatementId = returned.Id, Number = 1, Kind = RevisionKind.Submit, CreatedAt = now.AddDays(-2), Snapshot = "{}" },
            new StatementRevision { StatementId = returned.Id, Number = 2, Kind = RevisionKind.SendBack, CreatedAt = now.AddDays(-1), Comment = $"Add the source {stamp}", Snapshot = "{}" },
            // Submitted long ago: first in the queue, whatever else waits.
            new StatementRevision { StatementId = submitted.Id, Number = 1, Kind = RevisionKind.Submit, CreatedAt = now.AddYears(-5), Snapshot = "{}" });
        var campaign = new Campaign
        {
            Slug = $"desk-{stamp}",
            Title = new LocalizedText($"Сайлау {stamp}", $"Выборы {stamp}"),
            VotingDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(10),
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return (returned.Id, submitted.Id, campaign.Id);
    }

    private static async Task OpensInOneClickAsync(IPage page, ILocator link, string path)
    {
        await link.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await Assertions.Expect(page.Locator("[data-testid=desk-review], [data-testid=desk-sent-back]")).ToHaveCountAsync(0);
    }

    /// <summary>The desk in both languages at both widths, and the admin's app bar; checks the bar fits and nothing sticks out.</summary>
    private static async Task ShootAllAsync(IPage page, string role, List<string> problems)
    {
        foreach (var lang in new[] { "kk", "ru" })
        {
            await Pages.GotoWorkspaceAsync(page, "/workspace");
            if (await page.Locator("html").GetAttributeAsync("lang") != lang)
            {
                // The workspace language is the account's own setting, changed with the switch in the bar (a full reload).
                await page.Locator($"form.ws-lang button[value={lang}]").ClickAsync();
                await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{lang}'");
            }

            foreach (var width in Widths)
            {
                await page.SetViewportSizeAsync(width, 900);
                await Pages.GotoWorkspaceAsync(page, "/workspace");
                problems.AddRange(await BarProblemsAsync(page, $"{role} {lang} {width}"));
                await Pages.ScreenshotAsync(page, $"desk-{role}-{lang}-{width}");
                if (role == "admin" && lang == "ru")
                {
                    if (width < 960)
                    {
                        // Below the breakpoint the sections are in a drawer that slides over the page.
                        await page.Locator("[data-testid=nav-toggle]").ClickAsync();
                        await Assertions.Expect(page.Locator("[data-testid=nav-admin]")).ToBeInViewportAsync();
                    }

                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"appbar-admin-ru-{width}.png") });
                    if (width < 960)
                        await page.Keyboard.PressAsync("Escape");
                }
            }
        }

        // Leave the account in its demo language for the other journeys.
        await page.SetViewportSizeAsync(1280, 900);
        await Pages.GotoWorkspaceAsync(page, "/workspace");
        await page.Locator("form.ws-lang button[value=kk]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'kk'");
    }

    /// <summary>The bar's parts on one line each, inside the viewport, not on top of each other; no horizontal scrolling.</summary>
    private static async Task<IEnumerable<string>> BarProblemsAsync(IPage page, string where)
    {
        var found = await page.EvaluateAsync<string[]>(
            """
            () => {
              const out = [], w = document.documentElement.clientWidth;
              const parts = ['[data-testid=nav-toggle]', '.ws-title', 'form.ws-lang', 'form.ws-signout']
                .map(s => [s, document.querySelector(s)]).filter(([, e]) => e).map(([s, e]) => [s, e.getBoundingClientRect()]);
              for (const [s, r] of parts) {
                if (r.left < 0 || r.right > w + 1) out.push(`${s} outside the viewport (${Math.round(r.left)}–${Math.round(r.right)} of ${w})`);
                if (r.height > 48) out.push(`${s} wraps (${Math.round(r.height)} px high)`);
              }
              for (let i = 0; i < parts.length; i++)
                for (let j = i + 1; j < parts.length; j++) {
                  const [a, ra] = parts[i], [b, rb] = parts[j];
                  if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) out.push(`${a} overlaps ${b}`);
                }
              // Every text in the bar and the drawer is shown whole: no clipped or ellipsised line.
              // (.ws-sr is the counts' words for screen readers, hidden on purpose.)
              for (const e of document.querySelectorAll('.ws-appbar *:not(.ws-sr), .ws-nav *:not(.ws-sr)'))
                if (e.children.length === 0 && e.textContent.trim() && e.offsetParent && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')
                  out.push(`cut: ${e.textContent.trim()}`);
              return out;
            }
            """);
        var overflow = await Pages.HorizontalOverflowAsync(page);
        var list = found.Select(f => $"{where}: {f}").ToList();
        if (overflow > 0)
            list.Add($"{where}: {overflow} px of horizontal scroll ({await Pages.OverflowingElementsAsync(page)})");
        return list;
    }
}
