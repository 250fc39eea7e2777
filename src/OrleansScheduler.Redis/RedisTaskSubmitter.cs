using System.Security.Cryptography;
using System.Text;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Stores a batch of submissions, all or nothing. The common case (one queue, ids made here)
/// is a single submit.lua call, which also settles idempotency keys. A batch across queues, or
/// with client-chosen ids, is one MULTI/EXEC of one submit.lua call per queue, guarded by WATCH
/// conditions that no named id exists in any known queue and that the dedup keys it uses are as
/// read beforehand: a script cannot look into another queue's slot, and a script that refused
/// inside MULTI/EXEC could not undo the calls before it.
/// </summary>
internal sealed class RedisTaskSubmitter(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues,
    RedisTaskLocator locator, int eventStreamLength)
{
    /// <summary>One queue's share of a batch: the positions in the batch it holds and its submit.lua arguments.</summary>
    private sealed record Batch(string Queue, int[] Indexes, RedisValue[] Args);

    /// <summary>An idempotency key the batch uses, as read before a guarded submission.</summary>
    private sealed record KeyUse(string Queue, string Key, string Fingerprint, int Index);

    public async Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, DateTimeOffset now)
    {
        var ids = new string[tasks.Count];
        if (ids.Length == 0) return ids;
        var fingerprints = new string[tasks.Count];
        bool anyChosen = false, oneQueue = true;
        for (int i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            ids[i] = task.Id ?? TaskId.New(now);
            fingerprints[i] = task.IdempotencyKey is null ? "" : Fingerprint(task);
            anyChosen |= task.Id is not null;
            oneQueue &= string.Equals(task.Queue, tasks[0].Queue, StringComparison.Ordinal);
        }
        List<Batch> batches;
        if (oneQueue)
        {
            // The common case skips grouping: the one batch is every position, in order.
            int[] all = [.. Enumerable.Range(0, tasks.Count)];
            batches = [new Batch(tasks[0].Queue, all, Args(tasks, ids, fingerprints, all, now, anyChosen))];
        }
        else
        {
            batches = [.. Enumerable.Range(0, tasks.Count)
                .GroupBy(i => tasks[i].Queue, StringComparer.Ordinal)
                .Select(g => { int[] indexes = [.. g]; return new Batch(g.Key, indexes, Args(tasks, ids, fingerprints, indexes, now, anyChosen)); })];
        }
        var database = connection.GetDatabase();

        if (batches.Count == 1 && !anyChosen)
        {
            var batch = batches[0];
            var register = database.SetAddAsync(keys.Queues, batch.Queue);
            var result = await scripts.EvaluateAsync(database, scripts.Submit, keys.Queue(batch.Queue), batch.Args);
            await register;
            Apply(result, batch, ids);
        }
        else
        {
            var keyUses = Enumerable.Range(0, tasks.Count)
                .Where(i => tasks[i].IdempotencyKey is not null)
                .Select(i => new KeyUse(tasks[i].Queue, tasks[i].IdempotencyKey!, fingerprints[i], i))
                .ToList();
            await SubmitGuardedAsync(database, tasks, batches, keyUses, now, ids);
        }
        queues.Add(batches.Select(b => b.Queue));
        return ids;
    }

    private async Task SubmitGuardedAsync(IDatabase database, IReadOnlyList<TaskSubmission> tasks, List<Batch> batches,
        List<KeyUse> keyUses, DateTimeOffset now, string[] ids)
    {
        var batchQueues = batches.Select(b => b.Queue).ToList();
        var allQueues = (await queues.RefreshAsync(database)).Union(batchQueues, StringComparer.Ordinal).ToList();
        bool reloaded = false;
        for (int attempt = 1; ; attempt++)
        {
            // Read first: a conflict must refuse the batch before any queue's script has run.
            var (conditions, repeats) = await ReadKeysAsync(database, keyUses, now.ToUnixTimeMilliseconds());
            var chosenIds = Enumerable.Range(0, tasks.Count)
                .Where(i => tasks[i].Id is not null && !repeats.Contains(i))
                .Select(i => tasks[i].Id!)
                .ToList();

            byte[] sha = await scripts.ShaAsync(scripts.Submit);
            var transaction = database.CreateTransaction();
            foreach (var condition in conditions) transaction.AddCondition(condition);
            foreach (string id in chosenIds)
            {
                foreach (string queue in allQueues) transaction.AddCondition(Condition.KeyNotExists(keys.Task(queue, id)));
            }
            _ = transaction.SetAddAsync(keys.Queues, batchQueues.Select(q => (RedisValue)q).ToArray());
            var calls = batches.Select(b => (Batch: b, Call: transaction.ScriptEvaluateAsync(sha, [keys.Queue(b.Queue)], b.Args))).ToList();

            if (!await transaction.ExecuteAsync())
            {
                // A condition failed: some chosen id is taken, or a dedup key changed. Say which id and where.
                foreach (string id in chosenIds)
                {
                    if (await locator.FindQueueAsync(id) is { } taken) throw new TaskAlreadyExistsException(id, taken);
                }
                if (attempt < 3) continue; // a key changed, or the taken task vanished meanwhile; read again
                throw new InvalidOperationException("The submission kept conflicting with concurrent changes; nothing was stored.");
            }

            try
            {
                foreach (var (batch, call) in calls) Apply(await call, batch, ids);
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

    /// <summary>
    /// Reads the dedup keys the batch uses: throws on a fingerprint conflict; otherwise returns the
    /// WATCH conditions that they stay as read and the positions a remembered key answers.
    /// </summary>
    private async Task<(List<Condition> Conditions, HashSet<int> Repeats)> ReadKeysAsync(IDatabase database, List<KeyUse> uses, long nowMs)
    {
        var reads = uses.Select(u => database.HashGetAsync(keys.Dedup(u.Queue, u.Key), ["id", "fp", "x"])).ToList();
        var conditions = new List<Condition>();
        var repeats = new HashSet<int>();
        for (int n = 0; n < uses.Count; n++)
        {
            var use = uses[n];
            var entry = await reads[n];
            var key = keys.Dedup(use.Queue, use.Key);
            if (entry[0].IsNull)
            {
                conditions.Add(Condition.KeyNotExists(key));
                continue;
            }
            conditions.Add(Condition.HashEqual(key, "id", entry[0]));
            if ((long)entry[2] < nowMs) continue; // forgotten: the script will replace it
            if ((string?)entry[1] != use.Fingerprint) throw new IdempotencyConflictException(use.Queue, use.Key, (string)entry[0]!);
            repeats.Add(use.Index);
        }
        return (conditions, repeats);
    }

    /// <summary>Throws when the script refused; otherwise puts the existing task's id where a remembered key answered.</summary>
    private static void Apply(RedisResult result, Batch batch, string[] ids)
    {
        var reply = (RedisResult[])result!;
        switch ((long)reply[0])
        {
            case 1:
                throw new TaskAlreadyExistsException((string)reply[1]!, batch.Queue);
            case 2:
                throw new IdempotencyConflictException(batch.Queue, (string)reply[1]!, (string)reply[2]!);
        }
        for (int i = 1; i + 1 < reply.Length; i += 2) ids[batch.Indexes[(int)reply[i] - 1]] = (string)reply[i + 1]!;
    }

    /// <summary>What makes two submissions under one idempotency key the same: SHA-256 of type, '\n', payload (UTF-8), in hex.</summary>
    private static string Fingerprint(TaskSubmission task) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(task.Type + "\n" + task.Payload)));

    /// <summary>Fields each task adds to submit.lua's arguments, after the <see cref="HeadLength"/> shared ones.</summary>
    private const int FieldsPerTask = 11;

    private const int HeadLength = 3;

    /// <summary>submit.lua's arguments for the tasks at <paramref name="indexes"/>, built straight into one array of the exact size.</summary>
    /// <remarks>Ids made here are ULIDs and cannot collide, so only chosen ids cost the script an EXISTS each.</remarks>
    private RedisValue[] Args(IReadOnlyList<TaskSubmission> tasks, string[] ids, string[] fingerprints, int[] indexes, DateTimeOffset now, bool checkIds)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        var args = new RedisValue[HeadLength + indexes.Length * FieldsPerTask];
        args[0] = nowMs;
        args[1] = checkIds ? 1 : 0;
        args[2] = eventStreamLength;
        int n = HeadLength;
        foreach (int i in indexes)
        {
            var task = tasks[i];
            args[n++] = ids[i];
            args[n++] = task.Type;
            args[n++] = task.Payload;
            args[n++] = task.Priority;
            args[n++] = task.MaxAttempts;
            args[n++] = RedisTaskCodec.MsValue(task.Timeout.TotalMilliseconds);
            args[n++] = RedisTaskCodec.MsValue(task.Backoff.TotalMilliseconds);
            args[n++] = task.RunAt is { } runAt && runAt > now ? runAt.ToUnixTimeMilliseconds() : "";
            args[n++] = task.IdempotencyKey ?? "";
            args[n++] = fingerprints[i];
            args[n++] = (long)(task.IdempotencyWindow ?? TaskLimits.DefaultIdempotencyWindow).TotalMilliseconds;
        }
        return args;
    }
}
