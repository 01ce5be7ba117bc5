using Baqylau.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Accounts;

/// <summary>
/// One account operation: a short-lived context and an Identity <see cref="UserManager{TUser}"/> bound to it, so
/// Identity's own saves and the explicit audit notes share one context (one audit interceptor, and one transaction
/// where <see cref="InTransactionAsync{T}"/> asks for it). Opened by <see cref="AccountWorkFactory"/>.
/// </summary>
public sealed class AccountWork(BaqylauDbContext db, UserManager<BaqylauUser> users) : IAsyncDisposable
{
    public BaqylauDbContext Db => db;

    public UserManager<BaqylauUser> Users => users;

    /// <summary>
    /// Several Identity calls (each saving on its own) as one unit: all or nothing. The retrying execution strategy
    /// allows a transaction only inside itself.
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        });

    public Task InTransactionAsync(Func<Task> work, CancellationToken ct) =>
        InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, ct);

    public async ValueTask DisposeAsync()
    {
        users.Dispose();
        await db.DisposeAsync();
    }
}

/// <summary>Opens an <see cref="AccountWork"/> with Identity's settings, validators and token providers from the app.</summary>
public sealed class AccountWorkFactory(IDbContextFactory<BaqylauDbContext> contexts, IServiceProvider services)
{
    public async Task<AccountWork> OpenAsync(CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct);
        var store = new UserStore<BaqylauUser, BaqylauRole, BaqylauDbContext, Guid>(db);
        var users = ActivatorUtilities.CreateInstance<UserManager<BaqylauUser>>(services, store);
        return new AccountWork(db, users);
    }
}
