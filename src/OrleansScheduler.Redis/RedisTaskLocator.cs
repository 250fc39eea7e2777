using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Finds a task by id alone. Ids are not tied to a queue in the key, so this asks get.lua for the id
/// in every known queue in one pipelined round trip, and on a miss asks again in the queues
/// Redis knows that this process did not.
/// </summary>
internal sealed class RedisTaskLocator(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues)
{
    /// <summary>
    /// The task <paramref name="id"/> in <paramref name="queue"/> with one of its lists (<c>attempts</c> or <c>logs</c>),
    /// read in one step; null when the queue has no such task.
    /// </summary>
    public async Task<(TaskRecord Task, RedisResult[] Fields, RedisValue[] List)?> GetWithListAsync(string queue, string id, string list)
    {
        var reply = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Get, keys.Queue(queue), [id, list]))!;
        if (reply.Length == 0) return null;
        var fields = (RedisResult[])reply[0]!;
        return (RedisTaskCodec.ToRecord(queue, id, fields)!, fields, (RedisValue[])reply[1]!);
    }

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
        var reads = candidates.Select(queue => scripts.EvaluateAsync(database, scripts.Get, keys.Queue(queue), [id, ""])).ToList();
        var replies = await Task.WhenAll(reads);
        for (int i = 0; i < candidates.Count; i++)
        {
            var reply = (RedisResult[])replies[i]!;
            if (reply.Length > 0 && RedisTaskCodec.ToRecord(candidates[i], id, (RedisResult[])reply[0]!) is { } record) return record;
        }
        return null;
    }
}
