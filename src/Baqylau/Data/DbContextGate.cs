using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Data;

/// <summary>
/// One operation at a time on a DbContext, whichever workspace service runs it. A Blazor circuit keeps one scope
/// (so one context) for the whole session and events can overlap, which a DbContext does not allow; each operation
/// also starts and ends with an empty change tracker, so a failed save leaves nothing behind for the next.
/// </summary>
public sealed class DbContextGate : IDisposable
{
    private static readonly ConditionalWeakTable<DbContext, DbContextGate> Shared = new();

    private readonly DbContext _db;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private DbContextGate(DbContext db) => _db = db;

    /// <summary>
    /// The one gate of this context: services sharing a circuit's context on one page (the campaign editor calls the
    /// campaign and organisation services, the incident editor the incident and evidence services) must not overlap.
    /// It lives as long as the context; the services never dispose it (its semaphore holds no wait handle).
    /// </summary>
    public static DbContextGate For(DbContext db) => Shared.GetValue(db, d => new DbContextGate(d));

    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync();
        try
        {
            _db.ChangeTracker.Clear();
            return await action();
        }
        finally
        {
            _db.ChangeTracker.Clear();
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
