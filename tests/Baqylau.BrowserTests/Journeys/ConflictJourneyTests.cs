using Baqylau.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Journey 4: two editors change the same statement; the second sees both texts in the conflict dialog and nothing is lost.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConflictJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Second_editor_sees_the_conflict_dialog_and_both_texts_are_kept()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var title = $"Екі редактор өңдейтін мәлімдеме {stamp}";
        var first = $"Бірінші редактордың мәтіні {stamp}.";
        var second = $"Екінші редактордың мәтіні {stamp}.";

        // A draft both will edit, written by the first editor.
        await using var oneContext = await app.NewContextAsync();
        var one = await Pages.SignInAsync(app, oneContext, "editor@baqylau.local", secondFactor: true);
        await Pages.GotoWorkspaceAsync(one, "/workspace/statements/new");
        var oneEditor = new StatementEditorPage(one);
        await oneEditor.FillTitleAndWaitAsync("kk", title);
        await oneEditor.FillAsync("kk", "Body", "Бастапқы мәтін.");
        await one.Locator("[data-testid=save]").ClickAsync();
        var id = await oneEditor.WaitForIdAsync();

        // Both open it: the first editor and the admin (who edits as an editor, platform-wide).
        await Pages.GotoWorkspaceAsync(one, $"/workspace/statements/{id}");
        await using var twoContext = await app.NewContextAsync();
        var two = await Pages.SignInAsync(app, twoContext, "admin@baqylau.local", secondFactor: true);
        await Pages.GotoWorkspaceAsync(two, $"/workspace/statements/{id}");
        var twoEditor = new StatementEditorPage(two);
        await twoEditor.ExpectValueAsync("kk", "Body", "Бастапқы мәтін.");

        // The first saves; the second, still on the old version, saves too.
        await oneEditor.FillAsync("kk", "Body", first);
        await one.Locator("[data-testid=save]").ClickAsync();
        await one.Locator("[data-testid=saved-note]").WaitForAsync();
        await WaitForBodyAsync(id, first);

        await twoEditor.FillAsync("kk", "Body", second);
        // The preview is rendered by the server: once it shows the text, the circuit has it and the save sends it.
        await Assertions.Expect(two.Locator("[data-testid=preview-kk]")).ToContainTextAsync(second);
        await two.Locator("[data-testid=save]").ClickAsync();

        // The conflict dialog shows their text and mine side by side.
        var dialog = two.Locator("[data-testid=conflict]");
        await dialog.WaitForAsync();
        Assert.Contains(first, await dialog.Locator("[data-testid=theirs]").AllInnerTextsAsync());
        Assert.Contains(second, await dialog.Locator("[data-testid=mine]").AllInnerTextsAsync());
        await two.Locator("[data-testid=keep-mine]").ClickAsync();
        await dialog.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });

        // Mine is the statement now, on top of theirs; theirs stays in the revision history.
        await WaitForBodyAsync(id, second);
        await twoEditor.ExpectValueAsync("kk", "Body", second);
        await using var db = app.CreateDbContext();
        var snapshots = await db.StatementRevisions.Where(r => r.StatementId == id).OrderBy(r => r.Number).Select(r => r.Snapshot).ToListAsync();
        Assert.Contains(snapshots, s => s.Contains(first, StringComparison.Ordinal));
        Assert.Contains(second, snapshots[^1], StringComparison.Ordinal);
    }

    private async Task WaitForBodyAsync(Guid id, string body)
    {
        var until = DateTime.UtcNow + BrowserApp.Timeout;
        while (true)
        {
            await using var db = app.CreateDbContext();
            var current = await db.StatementTranslations.Where(t => t.StatementId == id && t.Culture == "kk").Select(t => t.Body).SingleAsync();
            if (current == body)
                return;
            if (DateTime.UtcNow > until)
                Assert.Fail($"body is still '{current}', expected '{body}'");
            await Task.Delay(200);
        }
    }
}
