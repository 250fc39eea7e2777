using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Finds a task by id alone. Ids are not tied to a queue in the key, so this reads the id's hash
/// in every known queue in one pipelined round trip, and on a miss asks again in the queues
/// Redis knows that this process did not.
/// </summary>
internal sealed class RedisTaskLocator(IConnectionMultiplexer connection, RedisKeys keys, RedisQueueRegistry queues)
{
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
        var reads = candidates.Select(queue => database.HashGetAllAsync(keys.Task(queue, id))).ToList();
        var hashes = await Task.WhenAll(reads);
        for (int i = 0; i < candidates.Count; i++)
        {
            if (RedisTaskCodec.ToRecord(candidates[i], id, hashes[i]) is { } record) return record;
        }
        return null;
    }
}
