using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The workflows with Waiting nodes in a queue, for the workflows' backstop: the queue's <c>waiting</c> set,
/// read with SSCAN, and those tasks with get_many.lua a batch at a time, so the cost follows the Waiting
/// tasks, never the queue's size.
/// </summary>
internal sealed class RedisWaitingWorkflows(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts)
{
    /// <summary>How many Waiting tasks one get_many.lua call reads.</summary>
    private const int Batch = 500;

    public async Task<IReadOnlyList<string>> ListAsync(string queue)
    {
        if (!TaskLimits.IsValidQueue(queue)) return [];
        var database = connection.GetDatabase();
        var workflows = new SortedSet<string>(StringComparer.Ordinal);
        var ids = new List<RedisValue>(Batch);
        await foreach (var id in database.SetScanAsync($"{keys.Queue(queue)}:waiting", pageSize: Batch))
        {
            ids.Add(id);
            if (ids.Count == Batch) await ReadAsync(database, queue, ids, workflows);
        }
        if (ids.Count > 0) await ReadAsync(database, queue, ids, workflows);
        return [.. workflows];
    }

    private async Task ReadAsync(IDatabase database, string queue, List<RedisValue> ids, SortedSet<string> workflows)
    {
        var packed = (RedisResult[])(await scripts.EvaluateAsync(database, scripts.GetMany, keys.Queue(queue), [.. ids]))!;
        for (int i = 0; i < packed.Length; i++)
        {
            if (packed[i].IsNull) continue; // deleted since the scan saw it
            if (RedisTaskCodec.FromPacked(queue, (string)ids[i]!, packed[i]).Node is { } node) workflows.Add(node.WorkflowId);
        }
        ids.Clear();
    }
}
