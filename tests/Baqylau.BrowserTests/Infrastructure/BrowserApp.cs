using System.Net;
using Baqylau.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Baqylau.BrowserTests.Infrastructure;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (a free port) with the demo content on a fresh database, and Debian's
/// Chromium driven by Playwright: one of each for the whole run, shared by every journey.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime, IDisposable
{
    /// <summary>Every wait in a test is bounded by this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // The integration tests' web factory (same settings, demo accounts and clock), here on real Kestrel.
    private readonly BaqylauWebFactory _factory = new();
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ConnectionString => _factory.ConnectionString;

    public string DataDirectory => _factory.DataDirectory;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Authenticator codes for the app's accounts (the demo admin and editor), fresh ones without waiting.</summary>
    public TotpCodes Totp => _factory.Totp;

    /// <summary>The running app's services, for what a test drives without the browser (the mirror export).</summary>
    public IServiceProvider Services => BaseUrl.Length > 0 ? _factory.Services : throw new InvalidOperationException("The app has not started.");

    /// <summary>Where screenshots go: BAQYLAU_SCREENSHOTS, else screenshots/ beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("BAQYLAU_SCREENSHOTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        await _factory.InitializeAsync();
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        // The browser is Debian's; Playwright only brings its driver. Nothing is downloaded.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Timeout = (float)Timeout.TotalMilliseconds,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        // Stops the app, drops its database and deletes its data folder.
        await _factory.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>A context on the app's database, for arranging and checking what the browser cannot show.</summary>
    public BaqylauDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<BaqylauDbContext>().UseNpgsql(ConnectionString).Options);

    /// <summary>A fresh browser profile (no cookies, no storage), bounded waits, base URL set.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = BaseUrl;
        options.Locale ??= "kk-KZ";
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        return context;
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("BAQYLAU_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium not found at {path}: install Debian's 'chromium' package (scripts/test.sh does) or set BAQYLAU_CHROMIUM.");
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
