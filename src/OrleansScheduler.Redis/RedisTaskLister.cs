using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Pages through tasks in (queue name, id) order with list.lua, one call per queue touched. The
/// work of one page is bounded: after <see cref="ScanBudget"/> ids looked at it returns what it
/// has with a cursor, so a rare filter cannot make one call walk a million tasks.
/// </summary>
internal sealed class RedisTaskLister(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues)
{
    /// <summary>Most ids one <see cref="ListAsync"/> looks at.</summary>
    public const int ScanBudget = 5000;

    public async Task<TaskPage> ListAsync(TaskQuery query)
    {
        var start = query.Validate();
        bool hasCursor = start is not null;
        var cursor = start.GetValueOrDefault();
        var database = connection.GetDatabase();
        var candidates = (await queues.RefreshAsync(database))
            .Where(q => query.Queue is null || q == query.Queue)
            .Where(q => !hasCursor || string.CompareOrdinal(q, cursor.Queue) >= 0);
        string state = query.Status is { } status ? RedisTaskCodec.Letter(status) : "";

        var page = new List<TaskRecord>();
        int budget = ScanBudget;
        foreach (string queue in candidates)
        {
            string after = hasCursor && queue == cursor.Queue ? cursor.LastId : "";
            var reply = (RedisResult[])(await scripts.EvaluateAsync(database, scripts.List, keys.Queue(queue),
                [after, query.Limit - page.Count, budget, state, query.Type ?? ""]))!;
            long outcome = (long)reply[0];
            string lastId = (string)reply[1]!;
            budget -= (int)reply[2];
            for (int i = 3; i + 1 < reply.Length; i += 2)
            {
                string id = (string)reply[i]!;
                page.Add(RedisTaskCodec.FromPacked(queue, id, reply[i + 1]));
            }
            if (outcome != 0 || (budget <= 0 && lastId.Length > 0))
                return new TaskPage(page, new TaskCursor(queue, lastId).Encode());
        }
        return new TaskPage(page, null);
    }
}
