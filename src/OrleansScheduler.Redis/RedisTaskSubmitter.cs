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
/// atomic step that stores it. Several queues in one call need them on one Redis node. (Small
/// submissions arriving together share calls above the store: the submitter grain's lanes.)
/// </summary>
internal sealed class RedisTaskSubmitter(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues,
    int eventStreamLength)
{
    /// <summary>One queue's share of a batch: the positions in the batch it holds.</summary>
    private sealed record Share(string Queue, int[] Indexes);

    public async Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, DateTimeOffset now)
    {
        var ids = new string[tasks.Count];
        if (ids.Length == 0) return new SubmittedTasks(ids, []);
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
        var idle = await StoreAsync(database, tasks, ids, fingerprints, shares, queueKeys, now, checkIds: anyChosen, refusable: anyChosen || !oneQueue);
        return new SubmittedTasks(ids, idle);
    }

    /// <summary>
    /// One submit.lua call for the whole batch; the queues it stores in are registered with it. A call that
    /// cannot be refused for a taken id (<c>refusable</c> false) registers them alongside, saving a round
    /// trip; one that can names them only once it has stored, so a refusal leaves nothing behind.
    /// Returns the queues whose workers may be idle.
    /// </summary>
    private async Task<IReadOnlyList<string>> StoreAsync(IDatabase database, IReadOnlyList<TaskSubmission> tasks, string[] ids, string[] fingerprints,
        List<Share> shares, List<string> queueKeys, DateTimeOffset now, bool checkIds, bool refusable)
    {
        RedisValue[] names = [.. shares.Select(s => (RedisValue)s.Queue)];
        var register = refusable ? null : database.SetAddAsync(keys.Queues, names);
        var result = await scripts.EvaluateAsync(database, scripts.Submit, [.. queueKeys.Select(keys.Queue)],
            Args(tasks, ids, fingerprints, shares, now, checkIds));
        if (register is not null) await register;
        var idle = Apply(result, shares, queueKeys, ids);
        if (refusable) await database.SetAddAsync(keys.Queues, names);
        queues.Add(shares.Select(s => s.Queue));
        return idle;
    }

    /// <summary>
    /// Throws when the script refused; otherwise puts the existing task's id where a remembered key
    /// answered and returns the queues the script found idle (one flag per share, in order).
    /// </summary>
    private static IReadOnlyList<string> Apply(RedisResult result, List<Share> shares, List<string> queueKeys, string[] ids)
    {
        var reply = (RedisResult[])result!;
        switch ((long)reply[0])
        {
            case 1:
                throw new TaskAlreadyExistsException((string)reply[1]!, queueKeys[(int)reply[2] - 1]);
            case 2:
                throw new IdempotencyConflictException(queueKeys[(int)reply[3] - 1], (string)reply[1]!, (string)reply[2]!);
        }
        string flags = (string)reply[1]!;
        var idle = new List<string>(shares.Count);
        for (int j = 0; j < shares.Count; j++)
        {
            if (flags[j] == '1') idle.Add(shares[j].Queue);
        }
        if (reply.Length > 2)
        {
            // positions count over the batch in argument order: share by share
            int[] order = [.. shares.SelectMany(s => s.Indexes)];
            for (int i = 2; i + 1 < reply.Length; i += 2) ids[order[(int)reply[i] - 1]] = (string)reply[i + 1]!;
        }
        return idle;
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
