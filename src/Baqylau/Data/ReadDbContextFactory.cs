using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Baqylau.Data;

/// <summary>
/// Contexts for the public site's reads (pages, feeds, the read API): taken from a pool rather than built per request,
/// without change tracking and without the audit interceptor (a read writes nothing). Workspace services use the
/// scoped <see cref="IDbContextFactory{TContext}"/> instead, whose contexts record the staff member in the audit trail.
/// </summary>
public sealed class ReadDbContextFactory(IDbContextFactory<BaqylauDbContext> pool) : IDbContextFactory<BaqylauDbContext>
{
    /// <summary>A pooled factory over <paramref name="options"/>, which must carry no scoped service (no interceptor).</summary>
    public static ReadDbContextFactory Create(DbContextOptions<BaqylauDbContext> options, int poolSize = 128) =>
        new(new PooledDbContextFactory<BaqylauDbContext>(options, poolSize));

    public BaqylauDbContext CreateDbContext() => pool.CreateDbContext();

    public Task<BaqylauDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        pool.CreateDbContextAsync(cancellationToken);
}
