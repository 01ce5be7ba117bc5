using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Data;
using Baqylau.Desk;
using Baqylau.Incidents;
using Baqylau.Local;
using Baqylau.Mail;
using Baqylau.Organisations;
using Baqylau.Publishing;
using Baqylau.Review;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baqylau.Web.Hosting;

public sealed class BaqylauOptions
{
    public const string Section = "Baqylau";

    /// <summary>Folder for the private PostgreSQL cluster, uploads and keys; default: .data/ at the repository root.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Port of the private PostgreSQL cluster started in Development.</summary>
    public int LocalPostgresPort { get; set; } = 54329;

    /// <summary>Apply pending migrations at start (always on in Development).</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Load the demo organisations, campaigns, statements, incidents and accounts at start.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Serve public pages from the output cache (on by default; the benchmarks turn it off to measure uncached pages).</summary>
    public bool PublicOutputCache { get; set; } = true;
}

public static class DatabaseSetup
{
    public const string ConnectionName = "Baqylau";

    public static IServiceCollection AddBaqylauData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        string ConnectionString() => configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set.");
        // Transient failures (a restart, a failover) are retried a few times, a few seconds in all: a reader waits
        // that long at most before the outage page (DatabaseOutageMiddleware) tells them to come back.
        void UseNpgsql(DbContextOptionsBuilder o) =>
            o.UseNpgsql(Tuned(ConnectionString()), npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(2), null));

        // Workspace and write API: a context per operation from a factory scoped to the request or circuit, so its
        // audit interceptor knows the staff member. The factory also serves a scoped context to Identity's stores.
        services.AddDbContextFactory<BaqylauDbContext>((sp, o) =>
        {
            UseNpgsql(o);
            o.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
        }, ServiceLifetime.Scoped);
        // Public reads: pooled contexts without tracking or interceptor, built once from the same connection string.
        services.AddSingleton(_ =>
        {
            var options = new DbContextOptionsBuilder<BaqylauDbContext>().UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            UseNpgsql(options);
            return ReadDbContextFactory.Create(options.Options);
        });
        services.AddAuditing();
        services.AddPublishing();
        services.AddStatements();
        services.AddIncidents();
        services.AddReview();
        services.AddCampaigns();
        services.AddOrganisations();
        services.AddAccounts();
        services.AddDesk();
        services.AddMail();
        services.AddHealthChecks().AddCheck<PostgresReadyCheck>("postgresql", tags: ["ready"]);
        return services;
    }

    private static (string Given, string Tuned)? tunedConnection;

    /// <summary>
    /// Public pages run the same few queries all day; with automatic preparation each connection plans them once
    /// instead of on every request (planning was a large share of a timeline page's database time). EF opens and
    /// closes the connection around each query, and by default Npgsql then resets the session on the server, a
    /// round trip per query: the app keeps no session state (no SET, temporary tables or session locks; the
    /// LISTEN connection is not pooled), so the reset is skipped. An explicit setting in the connection string wins.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        if (tunedConnection is { } known && ReferenceEquals(known.Given, connectionString))
            return known.Tuned;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!given.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = 64;
        if (!given.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
            builder.NoResetOnClose = true;
        var tuned = builder.ConnectionString;
        tunedConnection = (connectionString, tuned);
        return tuned;
    }

    public static string ResolveDataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{BaqylauOptions.Section}:{nameof(BaqylauOptions.DataDirectory)}"];
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        // Walk up from the content root to the repository (the folder with Baqylau.slnx): .data/ is git-ignored there.
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baqylau.slnx")))
                return Path.Combine(dir.FullName, ".data");
        }

        return Path.Combine(environment.ContentRootPath, ".data");
    }

    /// <summary>
    /// Without a connection string, in Development, start (or reuse) the private cluster under .data/postgres
    /// and point the connection string at it. Returns the server so the host can stop it on shutdown.
    /// </summary>
    public static async Task<LocalPostgresServer?> ProvisionLocalPostgresAsync(WebApplicationBuilder builder, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
            return null;
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set. Set ConnectionStrings__{ConnectionName} to a PostgreSQL 15+ server " +
                "(a private cluster is only started automatically in Development).");
        }

        var options = builder.Configuration.GetSection(BaqylauOptions.Section).Get<BaqylauOptions>() ?? new BaqylauOptions();
        var dataDir = ResolveDataDirectory(builder.Configuration, builder.Environment);
        var server = await LocalPostgresServer.StartAsync(
            new LocalPostgresOptions(Path.Combine(dataDir, "postgres"), options.LocalPostgresPort, DeleteOnStop: false), logger);
        await server.CreateDatabaseAsync("baqylau");
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = server.ConnectionString("baqylau");
        return server;
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        // Create the history table first: on a new database EF otherwise logs a failed query as an error,
        // which alarms whoever reads the first start's output.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        await db.Database.MigrateAsync(ct);
    }
}
