using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Stores a batch of submissions, all or nothing. The common case (one queue, ids made here)
/// is a single submit.lua call. A batch across queues, or with client-chosen ids, is one
/// MULTI/EXEC of one submit.lua call per queue, guarded by WATCH conditions that no named id
/// exists in any known queue: a script cannot look into another queue's slot, and a script that
/// refused inside MULTI/EXEC could not undo the calls before it.
/// </summary>
internal sealed class RedisTaskSubmitter(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues, RedisTaskLocator locator)
{
    public async Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, DateTimeOffset now)
    {
        var ids = tasks.Select(t => t.Id ?? TaskId.New(now)).ToArray();
        if (ids.Length == 0) return ids;
        var chosenIds = tasks.Where(t => t.Id is not null).Select(t => t.Id!).ToList();
        var batches = Enumerable.Range(0, tasks.Count)
            .GroupBy(i => tasks[i].Queue, StringComparer.Ordinal)
            .Select(g => (Queue: g.Key, Args: Args(g.Select(i => (ids[i], tasks[i])), now, checkIds: chosenIds.Count > 0)))
            .ToList();
        var database = connection.GetDatabase();

        if (batches.Count == 1 && chosenIds.Count == 0)
        {
            var (queue, args) = batches[0];
            var register = database.SetAddAsync(keys.Queues, queue);
            var result = await scripts.EvaluateAsync(database, scripts.Submit, keys.Queue(queue), args);
            await register;
            ThrowIfRefused(result, queue);
        }
        else
        {
            await SubmitGuardedAsync(database, batches, chosenIds);
        }
        queues.Add(batches.Select(b => b.Queue));
        return ids;
    }

    private async Task SubmitGuardedAsync(IDatabase database, List<(string Queue, RedisValue[] Args)> batches, List<string> chosenIds)
    {
        var batchQueues = batches.Select(b => b.Queue).ToList();
        var allQueues = (await queues.RefreshAsync(database)).Union(batchQueues, StringComparer.Ordinal).ToList();
        bool reloaded = false;
        for (int attempt = 1; ; attempt++)
        {
            byte[] sha = await scripts.ShaAsync(scripts.Submit);
            var transaction = database.CreateTransaction();
            foreach (string id in chosenIds)
            {
                foreach (string queue in allQueues) transaction.AddCondition(Condition.KeyNotExists(keys.Task(queue, id)));
            }
            _ = transaction.SetAddAsync(keys.Queues, batchQueues.Select(q => (RedisValue)q).ToArray());
            var calls = batches.Select(b => (b.Queue, Call: transaction.ScriptEvaluateAsync(sha, [keys.Queue(b.Queue)], b.Args))).ToList();

            if (!await transaction.ExecuteAsync())
            {
                // A condition failed: some chosen id is taken. Say which and where.
                foreach (string id in chosenIds)
                {
                    if (await locator.FindQueueAsync(id) is { } taken) throw new TaskAlreadyExistsException(id, taken);
                }
                if (attempt < 3) continue; // the taken task vanished meanwhile; try again
                throw new InvalidOperationException("The submission kept conflicting with concurrent changes; nothing was stored.");
            }

            try
            {
                foreach (var (queue, call) in calls) ThrowIfRefused(await call, queue);
                return;
            }
            catch (RedisServerException e) when (RedisScripts.IsNoScript(e) && !reloaded)
            {
                // Every call in the transaction is submit.lua, so a NOSCRIPT means none of them ran.
                reloaded = true;
                await scripts.ReloadAsync(scripts.Submit, sha);
            }
        }
    }

    private static void ThrowIfRefused(RedisResult result, string queue)
    {
        var reply = (RedisResult[])result!;
        if ((long)reply[0] == 1) throw new TaskAlreadyExistsException((string)reply[1]!, queue);
    }

    /// <remarks>Ids made here are ULIDs and cannot collide, so only chosen ids cost the script an EXISTS each.</remarks>
    private static RedisValue[] Args(IEnumerable<(string Id, TaskSubmission Task)> tasks, DateTimeOffset now, bool checkIds)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        var args = new List<RedisValue> { nowMs, TaskLimits.MaxPriority, checkIds ? 1 : 0 };
        foreach (var (id, task) in tasks)
        {
            args.Add(id);
            args.Add(task.Type);
            args.Add(task.Payload);
            args.Add(task.Priority);
            args.Add(task.MaxAttempts);
            args.Add(RedisTaskCodec.Ms(task.Timeout.TotalMilliseconds));
            args.Add(RedisTaskCodec.Ms(task.Backoff.TotalMilliseconds));
            args.Add(task.RunAt is { } runAt && runAt > now ? runAt.ToUnixTimeMilliseconds() : "");
        }
        return [.. args];
    }
}
