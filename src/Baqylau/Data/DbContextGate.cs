using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Data;

/// <summary>
/// One operation at a time on a workspace service's DbContext. A Blazor circuit keeps one scope (so one
/// context) for the whole session and events can overlap, which a DbContext does not allow; each operation
/// also starts and ends with an empty change tracker, so a failed save leaves nothing behind for the next.
/// </summary>
public sealed class DbContextGate(DbContext db) : IDisposable
{
    private static readonly ConditionalWeakTable<DbContext, DbContextGate> Shared = new();

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The one gate of this context, for services that share a circuit's context on the same page (the admin campaign
    /// editor calls the campaign and the organisation services): a gate per service would let them overlap. It lives as
    /// long as the context; callers do not dispose it.
    /// </summary>
    public static DbContextGate For(DbContext db) => Shared.GetValue(db, d => new DbContextGate(d));

    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync();
        try
        {
            db.ChangeTracker.Clear();
            return await action();
        }
        finally
        {
            db.ChangeTracker.Clear();
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
