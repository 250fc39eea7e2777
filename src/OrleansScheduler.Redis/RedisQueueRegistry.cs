using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// This process's cached copy of the cluster-wide queue set (<c>os:{os:cluster}:queues</c>).
/// Lookups by id alone must ask every queue, so they start from the cache and refresh it from
/// Redis only when the id was not found (a queue another node created since).
/// </summary>
internal sealed class RedisQueueRegistry(RedisKeys keys)
{
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>The queues known here, sorted.</summary>
    public IReadOnlyList<string> Known
    {
        get
        {
            lock (_gate) return [.. _known];
        }
    }

    /// <summary>Remembers queues this process just registered in Redis.</summary>
    public void Add(IEnumerable<string> queues)
    {
        lock (_gate) _known.UnionWith(queues);
    }

    /// <summary>Reads the queue set from Redis; returns every queue, sorted.</summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(IDatabaseAsync database)
    {
        var members = await database.SetMembersAsync(keys.Queues);
        lock (_gate)
        {
            _known.UnionWith(members.Select(m => (string)m!));
            return [.. _known];
        }
    }
}
