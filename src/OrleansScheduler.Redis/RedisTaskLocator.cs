using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Finds a task by id alone. Ids are not tied to a queue in the key, so this asks get.lua for the id
/// in every known queue in one pipelined round trip, and on a miss asks again in the queues
/// Redis knows that this process did not.
/// </summary>
internal sealed class RedisTaskLocator(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues, RedisClusterRetry retry)
{
    /// <summary>
    /// The task <paramref name="id"/> in <paramref name="queue"/> with one of its lists (<c>attempts</c> or <c>logs</c>),
    /// read in one step; null when the queue has no such task.
    /// </summary>
    public async Task<(TaskRecord Task, IReadOnlyDictionary<string, RedisValue> Fields, RedisValue[] List)?> GetWithListAsync(string queue, string id, string list)
    {
        var reply = (RedisResult[])(await retry.EvaluateAsync(connection.GetDatabase(), scripts.Get, keys.Queue(queue), [id, list]))!;
        if (Fields(reply) is not { } fields) return null;
        return (RedisTaskCodec.ToRecord(queue, id, fields)!, fields, (RedisValue[])reply[2]!);
    }

    /// <summary>The task's fields from get.lua's reply: packed in its chunk, or a hash of its own an earlier version wrote; null when none.</summary>
    private static Dictionary<string, RedisValue>? Fields(RedisResult[] reply) => reply.Length == 0 ? null
        : (long)reply[0] == 1 ? RedisTaskPacking.Fields((byte[])reply[1]!)
        : RedisTaskCodec.Fields((RedisResult[])reply[1]!);

    /// <summary>The task <paramref name="id"/> when <paramref name="queue"/> holds it, else null.</summary>
    public async Task<TaskRecord?> GetInAsync(string queue, string id) =>
        await GetFromAsync(connection.GetDatabase(), id, [queue]);

    public async Task<TaskRecord?> GetAsync(string id)
    {
        var database = connection.GetDatabase();
        var looked = queues.Known;
        if (await GetFromAsync(database, id, looked) is { } found) return found;
        var unseen = (await queues.RefreshAsync(database)).Except(looked, StringComparer.Ordinal).ToList();
        return unseen.Count == 0 ? null : await GetFromAsync(database, id, unseen);
    }

    public async Task<string?> FindQueueAsync(string id) => (await GetAsync(id))?.Queue;

    private async Task<TaskRecord?> GetFromAsync(IDatabaseAsync database, string id, IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0) return null;
        var reads = candidates.Select(queue => retry.EvaluateAsync(database, scripts.Get, keys.Queue(queue), [id, ""])).ToList();
        var replies = await Task.WhenAll(reads);
        for (int i = 0; i < candidates.Count; i++)
        {
            if (Fields((RedisResult[])replies[i]!) is { } fields && RedisTaskCodec.ToRecord(candidates[i], id, fields) is { } record) return record;
        }
        return null;
    }
}
