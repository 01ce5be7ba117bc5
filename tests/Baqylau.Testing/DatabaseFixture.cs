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

    public BaqylauDbContext CreateContext(IAuditActor? actor = null, TimeProvider? clock = null)
    {
        var options = new DbContextOptionsBuilder<BaqylauDbContext>()
            .UseNpgsql(ConnectionString)
            .AddInterceptors(new AuditInterceptor(actor ?? SystemAuditActor.Instance, clock ?? TimeProvider.System))
            .Options;
        return new BaqylauDbContext(options);
    }
}
