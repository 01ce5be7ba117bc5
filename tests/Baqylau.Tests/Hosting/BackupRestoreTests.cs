using System.Diagnostics;
using System.Net;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Local;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Baqylau.Tests.Hosting;

/// <summary>scripts/backup.sh then scripts/restore.sh into a fresh database and an empty data folder.</summary>
public class BackupRestoreTests : IAsyncLifetime
{
    private readonly string work = Path.Combine(Path.GetTempPath(), $"baqylau-backup-{Guid.NewGuid():N}");
    private string source = string.Empty;
    private string target = string.Empty;

    public async Task InitializeAsync()
    {
        source = await TestPostgres.CreateDatabaseAsync("backup");
        target = new NpgsqlConnectionStringBuilder(source) { Database = $"restored_{Guid.NewGuid():N}" }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await TestPostgres.DropDatabaseAsync(source);
        await TestPostgres.DropDatabaseAsync(target);
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_restored_backup_has_the_same_content_and_readable_internal_fields()
    {
        var sourceData = Path.Combine(work, "data-source");
        var targetData = Path.Combine(work, "data-target");
        (List<string> Rows, string? Observer, Guid IncidentId) before;
        await using (var app = new AppInstance(source, sourceData, seedDemo: true))
        {
            // One internal field encrypted the way the workspace stores it, with this data folder's key.
            Guid incidentId;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
                var row = await db.Set<IncidentInternal>().OrderBy(i => i.IncidentId).FirstAsync();
                row.ObserverIdentities = scope.ServiceProvider.GetRequiredService<InternalFieldCipher>()
                    .Encrypt("Наблюдатель для проверки резервной копии", row.IncidentId, nameof(IncidentInternal.ObserverIdentities));
                await db.SaveChangesAsync();
                incidentId = row.IncidentId;
            }

            before = await SnapshotAsync(app.Services, incidentId);
            Assert.Equal("Наблюдатель для проверки резервной копии", before.Observer);

            var backup = Run("backup.sh", source, sourceData, Path.Combine(work, "backups")).Trim().Split('\n')[^1];
            Assert.True(File.Exists(Path.Combine(backup, "database.dump")), backup);
            Assert.True(File.Exists(Path.Combine(backup, "keys.tar.gz")));
            Run("restore.sh", target, targetData, backup, "--create");
        }

        await using var restored = new AppInstance(target, targetData, seedDemo: false);
        var after = await SnapshotAsync(restored.Services, before.IncidentId);
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.Observer, after.Observer);

        // Data Protection keys came back with the database: the admin's protected TOTP secret still works.
        using var browser = restored.Http(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() });
        var signIn = await browser.SignInAsync("admin@baqylau.local", BaqylauWebFactory.DemoPassword, restored.Totp);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/workspace/incidents")).StatusCode);
    }

    /// <summary>Every statement and incident (ids and titles) and one incident's decrypted observer field.</summary>
    private static async Task<(List<string> Rows, string? Observer, Guid IncidentId)> SnapshotAsync(IServiceProvider services, Guid incidentId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var rows = await db.Set<Baqylau.Statements.StatementTranslation>().Select(t => "s " + t.StatementId + " " + t.Culture + " " + t.Title)
            .Concat(db.Set<IncidentTranslation>().Select(t => "i " + t.IncidentId + " " + t.Culture + " " + t.Title))
            .ToListAsync();
        rows.Sort(StringComparer.Ordinal);
        var row = await db.Set<IncidentInternal>().FirstAsync(i => i.IncidentId == incidentId);
        var cipher = scope.ServiceProvider.GetRequiredService<InternalFieldCipher>();
        return (rows, cipher.Decrypt(row.ObserverIdentities, row.IncidentId, nameof(IncidentInternal.ObserverIdentities)), row.IncidentId);
    }

    private static string Run(string script, string connectionString, string dataDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", script));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__Baqylau"] = connectionString;
        start.Environment["Baqylau__DataDirectory"] = dataDirectory;
        // The tools of the cluster under test: pg_dump must not be older than the server.
        if (LocalPostgresServer.FindBinDirectory() is { } bin && Environment.GetEnvironmentVariable("BAQYLAU_TEST_CONNECTION") is null)
            start.Environment["PG_BIN"] = bin;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
