using Baqylau.Auditing;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Baqylau.Testing;

/// <summary>A fresh, migrated database for one test class, dropped afterwards.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("t");
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public virtual async Task DisposeAsync() => await TestPostgres.DropDatabaseAsync(ConnectionString);

    public BaqylauDbContext CreateContext(IAuditActor? actor = null, TimeProvider? clock = null) => new(Options(actor, clock));

    /// <summary>What the workspace services take: a new context per call, with the audit interceptor for this actor and clock.</summary>
    public IDbContextFactory<BaqylauDbContext> Contexts(IAuditActor? actor = null, TimeProvider? clock = null) => new Factory(Options(actor, clock));

    /// <summary>What the public read services take: pooled contexts without tracking or interceptor.</summary>
    public ReadDbContextFactory Reads() =>
        ReadDbContextFactory.Create(new DbContextOptionsBuilder<BaqylauDbContext>().UseNpgsql(ConnectionString)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).Options);

    private DbContextOptions<BaqylauDbContext> Options(IAuditActor? actor, TimeProvider? clock) =>
        new DbContextOptionsBuilder<BaqylauDbContext>()
            .UseNpgsql(ConnectionString)
            .AddInterceptors(new AuditInterceptor(actor ?? SystemAuditActor.Instance, clock ?? TimeProvider.System))
            .Options;

    private sealed class Factory(DbContextOptions<BaqylauDbContext> options) : IDbContextFactory<BaqylauDbContext>
    {
        public BaqylauDbContext CreateDbContext() => new(options);
    }
}
