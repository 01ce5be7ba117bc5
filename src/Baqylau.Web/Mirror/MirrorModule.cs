using Baqylau.Accounts;
using Baqylau.Publishing;
using Baqylau.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Mirror;

public sealed class MirrorOptions
{
    public const string Section = "Baqylau:Mirror";

    /// <summary>The live site's public address (https://…), named by canonical links, feeds and the sitemap of a mirror.</summary>
    public string? SiteUrl { get; set; }

    /// <summary>The signing key (PEM); default {DataDirectory}/keys/mirror-signing.pem.</summary>
    public string KeyPath { get; set; } = string.Empty;

    /// <summary>Where the workspace's export goes; default {DataDirectory}/mirror.</summary>
    public string OutputDirectory { get; set; } = string.Empty;
}

/// <summary>
/// Gives the exporter an HttpClient that reaches this very app. By default over loopback to the address Kestrel
/// listens on; tests hand it the in-memory server instead.
/// </summary>
public class MirrorSelfClient(IServer server)
{
    public virtual HttpClient Create()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server listens on no address the mirror can read from.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
            uri.Host = "127.0.0.1";
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Our own certificate on loopback (development HTTPS) need not be trusted by the machine.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => uri.Host is "127.0.0.1" or "localhost" },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(uri.Uri.GetLeftPart(UriPartial.Authority)) };
    }
}

/// <summary>One export at a time, into {OutputDirectory}/site and {OutputDirectory}/baqylau-mirror.zip.</summary>
public sealed class MirrorService(MirrorSelfClient self, IOptions<MirrorOptions> options, ILogger<MirrorService> logger) : IDisposable
{
    public const string ZipName = "baqylau-mirror.zip";

    private readonly SemaphoreSlim gate = new(1, 1);

    public string Folder => Path.Combine(options.Value.OutputDirectory, "site");

    public string ZipPath => Path.Combine(options.Value.OutputDirectory, ZipName);

    public bool IsRunning => gate.CurrentCount == 0;

    public void Dispose() => gate.Dispose();

    public MirrorSigningKey LoadKey() => MirrorSigningKey.LoadOrCreate(options.Value.KeyPath);

    public async Task<MirrorExportResult> ExportAsync(string? folder = null, string? zipPath = null, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            using var client = self.Create();
            using var key = LoadKey();
            var site = options.Value.SiteUrl;
            if (string.IsNullOrWhiteSpace(site))
            {
                site = client.BaseAddress!.GetLeftPart(UriPartial.Authority);
                logger.LogWarning("Baqylau:Mirror:SiteUrl is not set: the mirror's canonical links and feeds name {Site}", site);
            }

            var exporter = new MirrorExporter(client, site, logger);
            return await exporter.ExportAsync(folder ?? Folder, zipPath ?? ZipPath, key, ct);
        }
        finally
        {
            gate.Release();
        }
    }
}

public static class MirrorModule
{
    /// <summary>Where the live site publishes the key that mirrors' manifests are signed with.</summary>
    public const string PublicKeyPath = "/.well-known/baqylau-mirror.pub.pem";

    public const string DownloadPath = "/workspace/mirror/download";

    public static WebApplicationBuilder AddMirrorModule(this WebApplicationBuilder builder)
    {
        var dataDirectory = DatabaseSetup.ResolveDataDirectory(builder.Configuration, builder.Environment);
        builder.Services.Configure<MirrorOptions>(builder.Configuration.GetSection(MirrorOptions.Section));
        builder.Services.PostConfigure<MirrorOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.KeyPath))
                o.KeyPath = Path.Combine(dataDirectory, "keys", "mirror-signing.pem");
            if (string.IsNullOrWhiteSpace(o.OutputDirectory))
                o.OutputDirectory = Path.Combine(dataDirectory, "mirror");
        });
        builder.Services.AddSingleton<MirrorSelfClient>();
        builder.Services.AddSingleton<MirrorService>();
        return builder;
    }

    public static WebApplication MapMirrorModule(this WebApplication app)
    {
        app.MapGet(PublicKeyPath, (MirrorService mirror) =>
        {
            using var key = mirror.LoadKey();
            return Results.Text(key.PublicKeyPem, "application/x-pem-file");
        });
        app.MapGet(DownloadPath, (MirrorService mirror) =>
                File.Exists(mirror.ZipPath) ? Results.File(mirror.ZipPath, "application/zip", MirrorService.ZipName) : Results.NotFound())
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return app;
    }

    /// <summary>
    /// `export-mirror &lt;folder&gt;`: starts the app on a free loopback port, exports the public site into the folder
    /// (and folder.zip beside it), and exits.
    /// </summary>
    public static async Task<int> RunExportCommandAsync(WebApplication app, string[] args)
    {
        var at = Array.IndexOf(args, "export-mirror");
        var folder = at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : "mirror";
        folder = Path.GetFullPath(folder.TrimEnd('/', '\\'));
        await app.StartAsync();
        try
        {
            // Ctrl+C or SIGTERM stop the export (the folder keeps what was written; the next export repairs it).
            var result = await app.Services.GetRequiredService<MirrorService>().ExportAsync(folder, folder + ".zip", app.Lifetime.ApplicationStopping);
            Console.Out.WriteLine($"Mirror in {folder} (and {folder}.zip): {result.Files} files, {result.Written} written, {result.Unchanged} unchanged, {result.Removed} removed.");
            foreach (var failure in result.Failed)
                Console.Out.WriteLine($"  not exported: {failure}");
            return 0;
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Mirror export stopped; {folder} holds what was written so far, and the next export completes it.");
            return 130;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
