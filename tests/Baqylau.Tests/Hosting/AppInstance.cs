using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Baqylau.Tests.Hosting;

/// <summary>The real app listening with Kestrel on a loopback port, on a given database and data folder.</summary>
public sealed class AppInstance : WebApplicationFactory<Program>
{
    private readonly string connectionString;
    private readonly string dataDirectory;
    private readonly bool seedDemo;

    public AppInstance(string connectionString, string dataDirectory, bool seedDemo)
    {
        this.connectionString = connectionString;
        this.dataDirectory = dataDirectory;
        this.seedDemo = seedDemo;
        Totp = new TotpCodes(Clock);
        Port = Baqylau.Local.LocalPostgresServer.FindFreePort();
        UseKestrel(Port);
        StartServer();
    }

    public int Port { get; }

    /// <summary>The app's clock and authenticator codes, as for <see cref="BaqylauWebFactory"/>.</summary>
    public TestClock Clock { get; } = new();

    public TotpCodes Totp { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>A client of this instance; pass a shared handler to carry cookies from one instance to another.</summary>
    public HttpClient Http(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }, disposeHandler: handler is null)
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        BaqylauWebFactory.ConfigureTestApp(builder, connectionString, dataDirectory, seedDemo, Clock);
}
