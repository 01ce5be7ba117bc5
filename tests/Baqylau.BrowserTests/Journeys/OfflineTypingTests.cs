using Baqylau.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Journey 3: the connection drops while an author types; back online, every character is there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OfflineTypingTests(BrowserApp app)
{
    [Fact]
    public async Task Author_loses_the_connection_while_typing_and_finds_every_character_afterwards()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var title = $"Байланыс үзілген кездегі мәтін {stamp}";
        const string Online = "Бірінші абзац желі бар кезде терілді. ";
        const string Offline = "Екінші абзац желі жоқ кезде терілді: әғқңөұүһі — ӘҒҚҢӨҰҮҺІ, 2026!";
        const string RussianTitle = "Текст при обрыве связи";
        const string RussianOffline = "Текст, набранный без связи: ёжик «в тумане».";

        await using var context = await app.NewContextAsync();
        var page = await Pages.SignInAsync(app, context, "author@baqylau.local", secondFactor: false);

        // The circuit's socket passes through here, so the test can cut it as a dropped connection would
        // (the browser's offline switch alone leaves an open WebSocket up).
        var down = false;
        var sockets = new List<(IWebSocketRoute Page, IWebSocketRoute Server)>();
        await page.RouteWebSocketAsync(url => url.Contains("/_blazor", StringComparison.Ordinal), ws =>
        {
            if (Volatile.Read(ref down))
            {
                _ = ws.CloseAsync();
                return;
            }

            var server = ws.ConnectToServer();
            lock (sockets)
                sockets.Add((ws, server));
        });

        await page.GotoAsync("/workspace/statements/new");
        var editor = new StatementEditorPage(page);
        await editor.FillTitleAndWaitAsync("kk", title);
        // Typed key by key at a brisk human pace, with the server answering every keystroke.
        await editor.Field("kk", "Body").PressSequentiallyAsync(Online, new() { Delay = 60 });
        await editor.ExpectValueAsync("kk", "Body", Online);

        // The connection goes: the circuit's socket is cut and no request gets through.
        Volatile.Write(ref down, true);
        await context.SetOfflineAsync(true);
        List<(IWebSocketRoute Page, IWebSocketRoute Server)> open;
        lock (sockets)
            open = [.. sockets];
        foreach (var (pageSide, serverSide) in open)
        {
            await serverSide.CloseAsync();
            await pageSide.CloseAsync();
        }

        Assert.False(await page.EvaluateAsync<bool>("() => fetch('/health/live').then(() => true, () => false)"), "the browser is offline");

        // The author keeps typing, key by key, into both languages.
        await editor.Field("kk", "Body").PressSequentiallyAsync(Offline, new() { Delay = 60 });
        await editor.Field("ru", "Title").PressSequentiallyAsync(RussianTitle, new() { Delay = 60 });
        await editor.Field("ru", "Body").PressSequentiallyAsync(RussianOffline, new() { Delay = 60 });
        // The browser-side keeper writes localStorage after a 400 ms pause in typing: wait until it holds all of it.
        await page.WaitForFunctionAsync(
            """
            ([kkTitle, kkBody, ruTitle, ruBody]) => Object.keys(localStorage).some(key => {
              try {
                const texts = JSON.parse(localStorage.getItem(key))?.form?.texts ?? {};
                return texts['kk.Title'] === kkTitle && texts['kk.Body'] === kkBody && texts['ru.Title'] === ruTitle && texts['ru.Body'] === ruBody;
              } catch {
                return false;
              }
            })
            """,
            new[] { title, Online + Offline, RussianTitle, RussianOffline });
        await editor.ExpectValueAsync("kk", "Body", Online + Offline);

        // Back online, the author reopens the editor (what the reconnect prompt offers) and is offered the typed text.
        Volatile.Write(ref down, false);
        await context.SetOfflineAsync(false);
        await page.WaitForFunctionAsync("() => fetch('/health/live').then(r => r.ok, () => false)");
        await page.GotoAsync("/workspace/statements/new");
        await page.Locator("[data-testid=local-restore]").ClickAsync();
        await editor.ExpectValueAsync("kk", "Title", title);
        await editor.ExpectValueAsync("kk", "Body", Online + Offline);
        await editor.ExpectValueAsync("ru", "Title", RussianTitle);
        await editor.ExpectValueAsync("ru", "Body", RussianOffline);

        // And it reaches the server: saved, read back from the database.
        await page.Locator("[data-testid=save]").ClickAsync();
        var id = await editor.WaitForIdAsync();
        await using var db = app.CreateDbContext();
        var texts = await db.StatementTranslations.Where(t => t.StatementId == id).ToDictionaryAsync(t => t.Culture);
        Assert.Equal(title, texts["kk"].Title);
        Assert.Equal(Online + Offline, texts["kk"].Body);
        Assert.Equal(RussianTitle, texts["ru"].Title);
        Assert.Equal(RussianOffline, texts["ru"].Body);
    }
}
