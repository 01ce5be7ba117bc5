using Baqylau.BrowserTests.Infrastructure;

namespace Baqylau.BrowserTests.Journeys;

/// <summary>Signing out clears the editors' drafts kept in the browser, and only them (ASVS 8.2.2).</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Signing_out_removes_the_drafts_the_editor_kept_in_this_browser()
    {
        await using var context = await app.NewContextAsync();
        var page = await Pages.SignInAsync(app, context, "author@baqylau.local", secondFactor: false);
        await page.GotoAsync("/workspace/statements/new");
        var editor = new StatementEditorPage(page);
        await editor.FillTitleAndWaitAsync("kk", $"Шыққанда өшетін жоба {Guid.NewGuid():N}"[..40]);
        await page.WaitForFunctionAsync("() => Object.keys(localStorage).some(k => k.startsWith('baqylau:statement:'))");
        await page.EvaluateAsync("() => localStorage.setItem('someone-else', 'kept')");

        await page.Locator("form[action='/account/logout'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/signed-out", StringComparison.Ordinal));
        var keys = await page.EvaluateAsync<string[]>("() => Object.keys(localStorage)");
        Assert.DoesNotContain(keys, k => k.StartsWith("baqylau:statement:", StringComparison.Ordinal) || k.StartsWith("baqylau:incident:", StringComparison.Ordinal));
        Assert.Contains("someone-else", keys);
    }
}
