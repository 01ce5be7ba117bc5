using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Baqylau.Testing;

/// <summary>The real app (Program.cs) on a fresh database with the demo content, for one test class.</summary>
public class BaqylauWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "demo-password-2026";

    // Base32 secret shared with the tests so they can compute TOTP codes (Development-style pre-enrolment).
    public const string DemoTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public BaqylauWebFactory() => Totp = new TotpCodes(Clock);

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The app's clock (its TimeProvider): real time, moved forward only when a test needs it to be.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Authenticator codes for this app's accounts, fresh ones by moving <see cref="Clock"/>, never by waiting.</summary>
    public TotpCodes Totp { get; }

    /// <summary>The app's data folder (uploads): a fresh temporary one, so tests never write into the repository's .data/.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"baqylau-test-data-{Guid.NewGuid():N}");

    public virtual async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync("w");

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (ConnectionString.Length > 0)
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>
    /// What every in-process app of the tests runs with: Development (the demo TOTP secret is honoured only there), the
    /// given database and data folder, the demo accounts' password and secret, rate limits no test class reaches, and
    /// <paramref name="clock"/> as its TimeProvider.
    /// </summary>
    public static void ConfigureTestApp(IWebHostBuilder builder, string connectionString, string dataDirectory, bool seedDemo, TestClock clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Baqylau", connectionString);
        builder.UseSetting("Baqylau:DataDirectory", dataDirectory);
        builder.UseSetting("Baqylau:SeedDemo", seedDemo ? "true" : "false");
        builder.UseSetting("BAQYLAU_DEMO_PASSWORD", DemoPassword);
        builder.UseSetting("BAQYLAU_DEMO_TOTP_SECRET", DemoTotpSecret);
        // Every test client shares one address: limits high enough that a test class is never throttled
        // (RateLimitTests sets low ones to prove the limiter).
        builder.UseSetting("Baqylau:RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("Baqylau:RateLimits:ApiPerMinute", "100000");
        builder.UseSetting("Baqylau:RateLimits:SearchPerMinute", "100000");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ConfigureTestApp(builder, ConnectionString, DataDirectory, seedDemo: true, Clock);
        ConfigureMore(builder);
    }

    /// <summary>Settings of a derived factory, applied after the defaults above.</summary>
    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }
}
