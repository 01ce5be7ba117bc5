using Baqylau.BrowserTests.Infrastructure;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Journey 2: an author writes a bilingual statement with a photo; an editor with a second factor publishes it; readers find it everywhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublishJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Author_writes_and_submits_editor_publishes_with_TOTP_and_it_is_public_in_both_languages_feeds_and_sitemap()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var kk = new Text($"Сайлау учаскелеріндегі бақылау туралы {stamp}", "Қор байқаушылардың жұмысы туралы хабарлайды.", "## Не болды\n\nБайқаушылар учаскеге жіберілмеді.", "Учаске алдындағы кезек", "Сайлау учаскесінің кіреберісі");
        var ru = new Text($"О наблюдении на избирательных участках {stamp}", "Фонд сообщает о работе наблюдателей.", "## Что случилось\n\nНаблюдателей не пустили на участок.", "Очередь у участка", "Вход на избирательный участок");
        var photo = Path.Combine(app.DataDirectory, $"photo-{stamp}.jpg");
        Directory.CreateDirectory(app.DataDirectory);
        using (var image = new Image<Rgb24>(960, 640, new Rgb24(40, 90, 140)))
            await image.SaveAsJpegAsync(photo);

        // The author writes in both languages, adds a photo, saves and submits.
        await using var authorContext = await app.NewContextAsync();
        var authorPage = await Pages.SignInAsync(app, authorContext, "author@baqylau.local", secondFactor: false);
        await Pages.GotoWorkspaceAsync(authorPage, "/workspace/statements/new");
        var editor = new StatementEditorPage(authorPage);
        await editor.FillTitleAndWaitAsync("kk", kk.Title);
        await FillAsync(editor, "kk", kk, title: false);
        await editor.FillAsync("ru", "Title", ru.Title);
        await FillAsync(editor, "ru", ru, title: false);
        await authorPage.Locator("input[type=file]").SetInputFilesAsync(photo);
        await authorPage.Locator("[data-testid=photo]").WaitForAsync();
        await authorPage.Locator("[data-testid=save]").ClickAsync();
        var id = await editor.WaitForIdAsync();
        await authorPage.Locator("[data-testid=submit]").ClickAsync();
        await authorPage.Locator("[data-testid=submit]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        Assert.Equal(StatementStatus.InReview, await StatusAsync(id));

        // The editor signs in with a code computed here, and publishes.
        await using var editorContext = await app.NewContextAsync();
        var editorPage = await Pages.SignInAsync(app, editorContext, "editor@baqylau.local", secondFactor: true);
        await Pages.GotoWorkspaceAsync(editorPage, $"/workspace/statements/{id}");
        await new StatementEditorPage(editorPage).ExpectValueAsync("kk", "Title", kk.Title);
        await editorPage.Locator("[data-testid=publish]").ClickAsync();
        // Nothing goes out before the editor has seen what does: both headlines.
        var confirm = editorPage.Locator("[data-testid=publish-confirm]");
        await Microsoft.Playwright.Assertions.Expect(confirm.Locator("[data-testid=publish-languages] li")).ToHaveCountAsync(2);
        Assert.Equal(StatementStatus.InReview, await StatusAsync(id));
        await editorPage.Locator("[data-testid=publish-ok]").ClickAsync();
        await editorPage.Locator("[data-testid=correct]").WaitForAsync();
        Assert.Equal(StatementStatus.Published, await StatusAsync(id));

        // A reader: both languages, with the photo; the lists, the feeds and the sitemap have it.
        Dictionary<string, string> slugs;
        await using (var db = app.CreateDbContext())
            slugs = await db.StatementTranslations.Where(t => t.StatementId == id).ToDictionaryAsync(t => t.Culture, t => t.Slug);

        await using var readerContext = await app.NewContextAsync();
        var reader = await readerContext.NewPageAsync();
        foreach (var (lang, text) in new[] { ("kk", kk), ("ru", ru) })
        {
            var url = $"/{lang}/statements/{slugs[lang]}";
            var response = await reader.GotoAsync(url);
            Assert.Equal(200, response!.Status);
            Assert.Equal(text.Title, (await reader.Locator("main h1").First.InnerTextAsync()).Trim());
            Assert.Contains(text.Lead, await reader.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            var img = reader.Locator($"main img[alt='{text.Alt}']");
            Assert.Equal(1, await img.CountAsync());
            Assert.True(await img.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "the photo loads");
            Assert.Contains(text.Caption, await reader.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

            await reader.GotoAsync($"/{lang}/statements");
            Assert.Equal(1, await reader.Locator($"main a[href='{url}']").CountAsync());

            var feed = await readerContext.APIRequest.GetAsync($"/{lang}/feed.atom");
            Assert.Equal(200, feed.Status);
            Assert.Contains(text.Title, await feed.TextAsync(), StringComparison.Ordinal);

            var sitemap = await readerContext.APIRequest.GetAsync("/sitemap.xml");
            Assert.Contains(url + "<", await sitemap.TextAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<StatementStatus> StatusAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Statements.Where(s => s.Id == id).Select(s => s.Status).SingleAsync();
    }

    private static async Task FillAsync(StatementEditorPage editor, string lang, Text text, bool title)
    {
        if (title)
            await editor.FillAsync(lang, "Title", text.Title);
        await editor.FillAsync(lang, "Lead", text.Lead);
        await editor.FillAsync(lang, "Body", text.Body);
        await editor.FillAsync(lang, "PhotoCaption", text.Caption);
        await editor.FillAsync(lang, "PhotoAlt", text.Alt);
    }

    private sealed record Text(string Title, string Lead, string Body, string Caption, string Alt);
}
