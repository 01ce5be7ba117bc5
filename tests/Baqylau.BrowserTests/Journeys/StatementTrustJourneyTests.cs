using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>
/// What an editor sees around publishing: the preview in the public page's look, a confirmation naming the
/// languages and the time before anything goes out, a clear "saved", and links to the public pages afterwards.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StatementTrustJourneyTests(BrowserApp app)
{
    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public async Task Editor_sees_what_goes_out_and_when_before_publishing_and_the_public_links_after(string lang)
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var kkTitle = $"Байқаушылар туралы мәлімдеме {stamp}";
        var ruTitle = $"Заявление о наблюдателях {stamp}";
        await using var context = await app.NewContextAsync();
        var page = await Pages.SignInAsync(app, context, "editor@baqylau.local", secondFactor: true);
        await Pages.GotoWorkspaceAsync(page, "/workspace");
        await Pages.UseLanguageAsync(page, lang);
        try
        {
            await Pages.GotoWorkspaceAsync(page, "/workspace/statements/new");
            var editor = new StatementEditorPage(page);
            await editor.FillTitleAndWaitAsync("kk", kkTitle);
            await editor.FillAsync("kk", "Lead", "Қор байқаушылардың жұмысы туралы хабарлайды.");
            await editor.FillAsync("kk", "Body", "Себептері:\n\n- бәсеке шектеулі;\n- [сайлау туралы заң](https://example.org/law) өзгерді.");
            await editor.FillAsync("ru", "Title", ruTitle);
            await editor.FillAsync("ru", "Lead", "Фонд сообщает о работе наблюдателей.");
            await editor.FillAsync("ru", "Body", "Причины:\n\n- ограниченная конкуренция;\n- [закон о выборах](https://example.org/law) изменён.");

            // The preview is the public page's renderer and styles: bullets inside the box, links as links.
            var preview = page.Locator("[data-testid=preview-body-kk]");
            await Assertions.Expect(preview.Locator("a[href='https://example.org/law']")).ToHaveCountAsync(1);
            Assert.Equal("disc", await preview.Locator("ul").EvaluateAsync<string>("e => getComputedStyle(e).listStyleType"));
            Assert.Equal("underline", await preview.Locator("a").EvaluateAsync<string>("e => getComputedStyle(e).textDecorationLine"));
            Assert.True(await preview.EvaluateAsync<bool>("b => { const box = b.closest('.stmt-preview').getBoundingClientRect(); const li = b.querySelector('li').getBoundingClientRect(); return li.left - 12 >= box.left; }"),
                "the bullets sit inside the preview box");

            await page.Locator("[data-testid=save]").ClickAsync();
            var id = await editor.WaitForIdAsync();
            await Assertions.Expect(page.Locator(".saved-snackbar")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=saved-note]")).ToBeVisibleAsync();

            await page.Locator("[data-testid=publish]").ClickAsync();
            var confirm = page.Locator("[data-testid=publish-confirm]");
            await confirm.WaitForAsync();
            await Assertions.Expect(confirm.Locator("[data-testid=publish-languages] li[data-lang=kk]")).ToContainTextAsync(kkTitle);
            await Assertions.Expect(confirm.Locator("[data-testid=publish-languages] li[data-lang=ru]")).ToContainTextAsync(ruTitle);
            await Assertions.Expect(confirm.Locator("[data-testid=publish-when]")).ToContainTextAsync(lang == "kk" ? "қазір" : "сейчас");
            // The viewport, not the full page: the dialog is fixed over what the editor sees.
            Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"publish-confirm-{lang}-1280.png") });
            Assert.Equal(StatementStatus.Draft, await StatusAsync(id));

            // Cancel writes nothing; confirm publishes.
            await page.Locator("[data-testid=publish-cancel]").ClickAsync();
            await confirm.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Equal(StatementStatus.Draft, await StatusAsync(id));
            await page.Locator("[data-testid=publish]").ClickAsync();
            await page.Locator("[data-testid=publish-ok]").ClickAsync();
            await page.Locator("[data-testid=correct]").WaitForAsync();
            Assert.Equal(StatementStatus.Published, await StatusAsync(id));

            var link = page.Locator("[data-testid=public-link-ru]");
            await Assertions.Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/ru/statements/[a-z0-9-]+$"));
            var response = await context.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
            Assert.Equal(200, response.Status);
            Assert.Contains(ruTitle, await response.TextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await Pages.UseLanguageAsync(page, "kk");
        }
    }

    private async Task<StatementStatus> StatusAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Statements.Where(s => s.Id == id).Select(s => s.Status).SingleAsync();
    }
}
