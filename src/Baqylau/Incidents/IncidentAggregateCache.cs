using System.Collections.Concurrent;

namespace Baqylau.Incidents;

/// <summary>
/// The public timeline's totals, chart counts and filter choices, kept between requests. Each is a sum over every
/// matching public incident: with 100,000 incidents that is tens of milliseconds a page, too dear on voting day.
/// Entries belong to one value of the database's public data version, which a trigger raises in the same
/// transaction as any change to incidents or to what they name (see migration IncidentTimelineKey). A request reads
/// that version first, so every instance sees a committed change on its next page, with no message to lose.
/// </summary>
public sealed class IncidentAggregateCache
{
    /// <summary>Bound on entries per version: distinct filters, search words included, cannot grow memory without end.</summary>
    public const int MaxEntries = 4096;

    private Generation current = new(-1);

    public async Task<T> GetOrLoadAsync<T>(long version, string key, Func<Task<T>> load)
        where T : class
    {
        var generation = For(version);
        if (generation is null)
            return await load();

        // One load per key and version: on a cold start the readers arriving together wait for the first one
        // instead of each summing the whole log at once.
        var mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (generation.Entries.Count >= MaxEntries)
            generation.Entries.Clear();
        var shared = generation.Entries.GetOrAdd(key, mine.Task);
        if (shared != mine.Task)
        {
            try
            {
                return (T)await shared;
            }
            catch (Exception)
            {
                // The first reader's load failed or its request was cancelled: this reader loads for itself.
                generation.Entries.TryRemove(KeyValuePair.Create(key, shared));
                return await load();
            }
        }

        try
        {
            var loaded = await load();
            mine.SetResult(loaded);
            return loaded;
        }
        catch (Exception ex)
        {
            generation.Entries.TryRemove(KeyValuePair.Create(key, mine.Task));
            mine.SetException(ex);
            _ = mine.Task.Exception; // observed here; waiters handle it themselves
            throw;
        }
    }

    /// <summary>The entries of <paramref name="version"/>; null for a reader still on an older version (it must not store).</summary>
    private Generation? For(long version)
    {
        while (true)
        {
            var seen = Volatile.Read(ref current);
            if (seen.Version == version)
                return seen;
            if (seen.Version > version)
                return null;
            // Lost races just look again: whoever won installed this version or a newer one.
            Interlocked.CompareExchange(ref current, new Generation(version), seen);
        }
    }

    private sealed class Generation(long version)
    {
        public long Version { get; } = version;

        public ConcurrentDictionary<string, Task<object>> Entries { get; } = new(StringComparer.Ordinal);
    }
}
