using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Infrastructure;

/// <summary>Small steps every journey takes: sign in, take a screenshot, measure the layout.</summary>
public static class Pages
{
    // How long the circuit's socket stays without a render batch before a workspace page counts as settled.
    private const int QuietMilliseconds = 300;

    /// <summary>
    /// Signs in through the real form (and the second-factor form, with a fresh code of the app's: see TotpCodes);
    /// ends on the workspace.
    /// </summary>
    public static async Task<IPage> SignInAsync(BrowserApp app, IBrowserContext context, string email, bool secondFactor)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fworkspace");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(BaqylauWebFactory.DemoPassword);
        await page.Locator("form button[type=submit]").ClickAsync();
        if (secondFactor)
        {
            await page.WaitForURLAsync(url => url.Contains("/account/login-2fa", StringComparison.Ordinal));
            await page.Locator("#code").FillAsync(await app.Totp.CodeAsync(BaqylauWebFactory.DemoTotpSecret, email));
            await page.Locator("form button[type=submit]").ClickAsync();
        }

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/workspace", StringComparison.Ordinal));
        return page;
    }

    /// <summary>The workspace language is the user's own setting, changed with the switch in the header.</summary>
    public static async Task UseLanguageAsync(IPage page, string lang)
    {
        if (await page.Locator("html").GetAttributeAsync("lang") == lang)
            return;
        await GotoWorkspaceAsync(page, "/workspace");
        if (await page.Locator("html").GetAttributeAsync("lang") == lang)
            return;
        await page.Locator($"form.ws-lang button[value={lang}]").ClickAsync();
        await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{lang}'");
    }

    /// <summary>
    /// Opens a workspace page and waits for its interactive circuit: the page is prerendered first, and what is
    /// typed before the circuit takes over would be typed into dead HTML.
    /// </summary>
    public static async Task GotoWorkspaceAsync(IPage page, string path)
    {
        // The first render batch arrives over the circuit's socket once it has started; more may follow (data loaded
        // after the first render, JS interop), so the page counts as settled once the socket has carried no render
        // batch for a while (SignalR's pings are a few bytes and do not count).
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastBatch = 0L;
        void OnSocket(object? sender, IWebSocket socket)
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
                return;
            socket.FrameReceived += (_, frame) =>
            {
                if ((frame.Binary?.Length ?? 0) > 64 || (frame.Text?.Length ?? 0) > 64)
                {
                    Volatile.Write(ref lastBatch, Environment.TickCount64);
                    rendered.TrySetResult();
                }
            };
        }

        page.WebSocket += OnSocket;
        try
        {
            await page.GotoAsync(path);
            await rendered.Task.WaitAsync(BrowserApp.Timeout);
        }
        finally
        {
            page.WebSocket -= OnSocket;
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var until = Environment.TickCount64 + (long)BrowserApp.Timeout.TotalMilliseconds;
        while (Environment.TickCount64 - Volatile.Read(ref lastBatch) < QuietMilliseconds)
        {
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"the circuit of {path} never went quiet");
            await Task.Delay(50);
        }
    }

    /// <summary>The page's text plus the values of its fields (which innerText leaves out).</summary>
    public static Task<string> VisibleTextAndValuesAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.body.innerText + '\\n' + [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n')");

    /// <summary>Width the document needs beyond the viewport, in CSS pixels (0: no horizontal scrollbar).</summary>
    public static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0) - document.documentElement.clientWidth");

    /// <summary>The elements that stick out to the right of the viewport, for a readable failure message.</summary>
    public static Task<string> OverflowingElementsAsync(IPage page) =>
        page.EvaluateAsync<string>(
            """
            () => {
              const w = document.documentElement.clientWidth, out = [];
              for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > w + 1 && r.width > 0) {
                  out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(r.right));
                  if (out.length >= 8) break;
                }
              }
              return out.join('; ');
            }
            """);

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
        var path = Path.Combine(BrowserApp.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
