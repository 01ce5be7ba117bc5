using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Infrastructure;

/// <summary>The workspace statement editor as a user sees it: a column per language, a field per text.</summary>
public sealed class StatementEditorPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>The text box of a field (the visible one: auto-sized text areas keep a hidden twin).</summary>
    public ILocator Field(string lang, string field) =>
        Page.Locator($"[data-field='{lang}.{field}']").Locator("input:not([type=hidden]):not([aria-hidden=true]), textarea:not([aria-hidden=true])").First;

    public async Task FillAsync(string lang, string field, string text)
    {
        await Field(lang, field).FillAsync(text);
    }

    /// <summary>
    /// Types the Kazakh title until the circuit echoes it in the headline: proof that the page is live and that
    /// the server has the text, before anything else is typed.
    /// </summary>
    public async Task FillTitleAndWaitAsync(string lang, string title)
    {
        for (var attempt = 0; ; attempt++)
        {
            await FillAsync(lang, "Title", title);
            try
            {
                await Page.Locator("[data-testid=headline]").Filter(new() { HasText = title }).WaitForAsync(new() { Timeout = 5000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    public async Task<string> ValueAsync(string lang, string field) => await Field(lang, field).InputValueAsync();

    /// <summary>Waits (bounded) for a field to show a value: the circuit renders after a click, not during it.</summary>
    public Task ExpectValueAsync(string lang, string field, string expected) =>
        Assertions.Expect(Field(lang, field)).ToHaveValueAsync(expected, new() { Timeout = (float)BrowserApp.Timeout.TotalMilliseconds });

    /// <summary>The statement's id from the URL once it has one (after the first save).</summary>
    public async Task<Guid> WaitForIdAsync()
    {
        await Page.WaitForURLAsync(url => Guid.TryParse(new Uri(url).AbsolutePath.Split('/').Last(), out _));
        return Guid.Parse(new Uri(Page.Url).AbsolutePath.Split('/').Last());
    }
}
