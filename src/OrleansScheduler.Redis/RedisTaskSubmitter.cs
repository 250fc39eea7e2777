using System.Security.Cryptography;
using System.Text;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Stores a batch of submissions, all or nothing, in one submit.lua call, which also settles
/// idempotency keys. The call gets every queue the batch stores in and, when the client chose
/// ids, every other known queue, so a chosen id is checked against all of them in the same
/// atomic step that stores it. Several queues in one call need them on one Redis node. Small
/// submissions that cannot be refused go through <see cref="RedisSubmitLanes"/>, which sends those
/// arriving together to one queue in one call.
/// </summary>
internal sealed class RedisTaskSubmitter(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues,
    TimeProvider clock, int eventStreamLength)
{
    /// <summary>Most tasks a submission may hold to share a call with others; larger ones are a batch already.</summary>
    internal const int MaxSharedSubmission = 100;

    private RedisSubmitLanes? _lanes;

    private RedisSubmitLanes Lanes => LazyInitializer.EnsureInitialized(ref _lanes, () => new RedisSubmitLanes(SendSharedAsync));

    /// <summary>One queue's share of a batch: the positions in the batch it holds.</summary>
    private sealed record Share(string Queue, int[] Indexes);

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
        if (oneQueue && !anyChosen && tasks.Count <= MaxSharedSubmission && fingerprints.All(f => f.Length == 0))
        {
            await Lanes.SubmitAsync(tasks[0].Queue, tasks, ids);
            return ids;
        }
        // The common case skips grouping: the one share is every position, in order.
        List<Share> shares = oneQueue
            ? [new Share(tasks[0].Queue, [.. Enumerable.Range(0, tasks.Count)])]
            : [.. Enumerable.Range(0, tasks.Count).GroupBy(i => tasks[i].Queue, StringComparer.Ordinal).Select(g => new Share(g.Key, [.. g]))];
        var database = connection.GetDatabase();
        var storing = shares.Select(s => s.Queue).ToList();
        // ids made here are ULIDs and cannot collide; chosen ones are checked in every known queue
        var queueKeys = anyChosen
            ? storing.Concat((await queues.RefreshAsync(database)).Except(storing, StringComparer.Ordinal)).ToList()
            : storing;
        await StoreAsync(database, tasks, ids, fingerprints, shares, queueKeys, now, checkIds: anyChosen, refusable: anyChosen || !oneQueue);
        return ids;
    }

    /// <summary>
    /// One submit.lua call for the whole batch; the queues it stores in are registered with it. A call that
    /// cannot be refused for a taken id (<c>refusable</c> false) registers them alongside, saving a round
    /// trip; one that can names them only once it has stored, so a refusal leaves nothing behind.
    /// </summary>
    private async Task StoreAsync(IDatabase database, IReadOnlyList<TaskSubmission> tasks, string[] ids, string[] fingerprints,
        List<Share> shares, List<string> queueKeys, DateTimeOffset now, bool checkIds, bool refusable)
    {
        RedisValue[] names = [.. shares.Select(s => (RedisValue)s.Queue)];
        var register = refusable ? null : database.SetAddAsync(keys.Queues, names);
        var result = await scripts.EvaluateAsync(database, scripts.Submit, [.. queueKeys.Select(keys.Queue)],
            Args(tasks, ids, fingerprints, shares, now, checkIds));
        if (register is not null) await register;
        Apply(result, shares, queueKeys, ids);
        if (refusable) await database.SetAddAsync(keys.Queues, names);
        queues.Add(shares.Select(s => s.Queue));
    }

    /// <summary>
    /// Stores submissions the lanes combined: one queue, ids made here, no idempotency keys, so the call
    /// cannot be refused. They count as submitted now (their run-at against this time).
    /// </summary>
    private Task SendSharedAsync(string queue, List<TaskSubmission> tasks, string[] ids) =>
        StoreAsync(connection.GetDatabase(), tasks, ids, Enumerable.Repeat("", tasks.Count).ToArray(),
            [new Share(queue, [.. Enumerable.Range(0, tasks.Count)])], [queue], clock.GetUtcNow(), checkIds: false, refusable: false);

    /// <summary>Throws when the script refused; otherwise puts the existing task's id where a remembered key answered.</summary>
    private static void Apply(RedisResult result, List<Share> shares, List<string> queueKeys, string[] ids)
    {
        var reply = (RedisResult[])result!;
        switch ((long)reply[0])
        {
            case 1:
                throw new TaskAlreadyExistsException((string)reply[1]!, queueKeys[(int)reply[2] - 1]);
            case 2:
                throw new IdempotencyConflictException(queueKeys[(int)reply[3] - 1], (string)reply[1]!, (string)reply[2]!);
        }
        if (reply.Length == 1) return;
        // positions count over the batch in argument order: share by share
        int[] order = [.. shares.SelectMany(s => s.Indexes)];
        for (int i = 1; i + 1 < reply.Length; i += 2) ids[order[(int)reply[i] - 1]] = (string)reply[i + 1]!;
    }

    /// <summary>What makes two submissions under one idempotency key the same: SHA-256 of type, '\n', payload (UTF-8), in hex.</summary>
    private static string Fingerprint(TaskSubmission task) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(task.Type + "\n" + task.Payload)));

    /// <summary>Fields each task adds to submit.lua's arguments, after its queue's count.</summary>
    private const int FieldsPerTask = 11;

    /// <summary>The arguments before the first queue's count: now, checkIds, events, queue count.</summary>
    private const int HeadLength = 4;

    /// <summary>submit.lua's arguments, built straight into one array of the exact size.</summary>
    private RedisValue[] Args(IReadOnlyList<TaskSubmission> tasks, string[] ids, string[] fingerprints, List<Share> shares, DateTimeOffset now, bool checkIds)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        var args = new RedisValue[HeadLength + shares.Count + tasks.Count * FieldsPerTask];
        args[0] = nowMs;
        args[1] = checkIds ? 1 : 0;
        args[2] = eventStreamLength;
        args[3] = shares.Count;
        int n = HeadLength;
        foreach (var share in shares)
        {
            args[n++] = share.Indexes.Length;
            foreach (int i in share.Indexes)
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
        }
        return args;
    }
}
