using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// What a submission gives up on a Redis Cluster, where each queue's keys (hash tag <c>{q:&lt;queue&gt;}</c>) may sit on
/// another node and one script may touch one queue only. A batch is stored one submit.lua call per queue, each all or
/// nothing for its queue: when one queue refuses (a taken id, an idempotency conflict), the other queues' shares may
/// be stored. A client-chosen id is checked atomically within the queue it goes to; every known queue is read for it
/// just before, so a taken id refuses the batch before anything is stored, which for the other queues is best effort
/// (a task with that id stored in another queue between the read and the call is not seen). A family whose children are in other queues than its parent is refused, as that cannot be one call.
/// </summary>
internal sealed class RedisClusterSubmission(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues)
{
    private bool? _isCluster;

    /// <summary>True when the store talks to a Redis Cluster: any server reports <see cref="ServerType.Cluster"/>. Asked once, after connecting.</summary>
    public bool IsCluster
    {
        get
        {
            if (_isCluster is { } known) return known;
            var servers = connection.GetServers();
            bool cluster = servers.Any(s => s.ServerType == ServerType.Cluster);
            // a multiplexer not yet connected (abortConnect=false) does not know yet: ask again next time
            if (cluster || servers.Any(s => s.IsConnected)) _isCluster = cluster;
            return cluster;
        }
    }

    /// <summary>Refuses a family whose children are in other queues than its parent's, naming them.</summary>
    public void ThrowIfFamilySpansQueues(string parentQueue, IReadOnlyList<string> queuesStoredIn)
    {
        var others = queuesStoredIn.Where(q => !string.Equals(q, parentQueue, StringComparison.Ordinal)).ToList();
        if (others.Count == 0) return;
        throw new ArgumentException(
            $"On a Redis Cluster a family is stored in one call, so its children must be in its parent's queue '{parentQueue}'; " +
            $"these are in {string.Join(", ", others.Select(q => $"'{q}'"))}. Submit the parent alone and have it spawn them " +
            "(children spawned by a running parent may be in any queue).", "family");
    }

    /// <summary>
    /// Throws <see cref="TaskAlreadyExistsException"/> when a known queue holds a task with a chosen id: one get_many.lua
    /// read per queue, before anything is stored. Best effort for the queues the id does not go to (see the class).
    /// </summary>
    public async Task ThrowIfTakenElsewhereAsync(IDatabaseAsync database, IReadOnlyList<TaskSubmission> tasks, string[] ids)
    {
        var candidates = Enumerable.Range(0, tasks.Count).Where(i => tasks[i].Id is not null).Select(i => ids[i]).Distinct().ToList();
        RedisValue[] args = [.. candidates.Select(id => (RedisValue)id)];
        var known = await queues.RefreshAsync(database);
        var reads = known.Select(async queue =>
        {
            var packed = (RedisResult[])(await scripts.EvaluateAsync(database, scripts.GetMany, keys.Queue(queue), args))!;
            for (int k = 0; k < packed.Length; k++)
            {
                if (!packed[k].IsNull) return ((string Id, string Queue)?)(candidates[k], queue);
            }
            return null;
        });
        if ((await Task.WhenAll(reads)).FirstOrDefault(found => found is not null) is { } taken)
            throw new TaskAlreadyExistsException(taken.Id, taken.Queue);
    }
}
