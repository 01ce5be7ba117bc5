using Baqylau.Web.Auditing;
using Baqylau.Web.Hosting;
using Serilog;

// Program.cs only composes: each area registers itself in one extension method.
Log.Logger = LoggingSetup.CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    var exportMirror = args.Contains("export-mirror");
    if (exportMirror)
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // the exporter reads the site from itself, on a free loopback port
    var localPostgres = await builder.AddBaqylauAsync();
    var app = builder.Build();
    app.UseBaqylau(localPostgres);

    if (args.Contains("migrate"))
    {
        // Production: apply pending migrations and exit (see docs/operations.md).
        await DatabaseSetup.MigrateAsync(app.Services);
        // The host's own logger: in production its lines are JSON like every other line of the app.
        app.Logger.LogInformation("Migrations applied");
        return 0;
    }

    if (args.Contains(Baqylau.Web.Auditing.AuditVerifyCommand.Argument))
    {
        // Checks the audit hash chain and exits: 0 when intact, 3 naming the first broken entry.
        return await Baqylau.Web.Auditing.AuditVerifyCommand.RunAsync(app.Services, Console.Out);
    }

    await app.PrepareDatabaseAsync();
    if (exportMirror)
        return await Baqylau.Web.Mirror.MirrorModule.RunExportCommandAsync(app, args);

    await app.RunAsync();
    return 0;
}
catch (Baqylau.Local.PostgresBinariesNotFoundException ex)
{
    // A set-up problem, not a crash: say what to install, without a stack trace.
    Log.Fatal("{Message}", ex.Message);
    return 1;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "Baqylau stopped");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

public partial class Program;
