using System.Security.Cryptography;
using System.Text;
using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Stores a batch of submissions, all or nothing, in one submit.lua call, which also settles
/// idempotency keys. The call gets every queue the batch stores in and, when the client chose
/// ids, every other known queue, so a chosen id is checked against all of them in the same
/// atomic step that stores it. Several queues in one call need them on one Redis node. (Small
/// submissions arriving together share calls above the store: the submitter grain's lanes.) A family
/// (a parent and its children) is one such call too; the children a running parent spawns are stored
/// one call per queue, keeping those that exist.
/// On a Redis Cluster, whose queues sit on different nodes, a batch is one call per queue instead, each all
/// or nothing for its queue; chosen ids are checked atomically within their own queue and, best effort, by a
/// read of every other known queue just before (<see cref="RedisClusterSubmission"/>); a family whose children
/// are in other queues than its parent is refused.
/// With <see cref="RedisStoreOptions.WaitReplicas"/> each call is acknowledged only once that many replicas have it
/// (<see cref="RedisReplicaWait"/>). Out of memory, a lost connection or a timeout is a <see cref="TaskStoreUnavailableException"/>
/// (<see cref="RedisStoreFaults"/>).
/// </summary>
internal sealed class RedisTaskSubmitter(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues,
    RedisTaskLocator locator, RedisClusterRetry retry, int eventStreamLength, RedisReplicaWait? replicaWait)
{
    private readonly RedisClusterSubmission _cluster = new(connection, keys, scripts, queues);

    /// <summary>One queue's share of a batch: the positions in the batch it holds.</summary>
    private sealed record Share(string Queue, int[] Indexes);

    /// <summary>
    /// One submit.lua call's tasks and how to store them: <paramref name="Mode"/> 0 ids made here, 1 ids to
    /// check, 2 existing ids kept; <paramref name="Runs"/> the family's parent's runs of children (first the
    /// parent's queue, the parent first in it), null for tasks on their own.
    /// </summary>
    private sealed record Batch(IReadOnlyList<TaskSubmission> Tasks, string[] Ids, RedisFamilyFields?[]? Family, int Mode,
        List<(int First, int Last, string Queue)>? Runs);

    public Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, DateTimeOffset now) =>
        tasks.Count == 0 ? Task.FromResult(new SubmittedTasks([], [])) : RedisStoreFaults.SubmittingAsync(tasks[0].Queue, () => StoreTasksAsync(tasks, now));

    private async Task<SubmittedTasks> StoreTasksAsync(IReadOnlyList<TaskSubmission> tasks, DateTimeOffset now)
    {
        var ids = new string[tasks.Count];
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
        var batch = new Batch(tasks, ids, null, anyChosen ? 1 : 0, null);
        if ((anyChosen || !oneQueue) && _cluster.IsCluster)
        {
            if (anyChosen) await _cluster.ThrowIfTakenElsewhereAsync(database, tasks, ids);
            var stored = await Task.WhenAll(shares.Select(s => StoreAsync(database, batch, fingerprints, [s], [s.Queue], now, refusable: anyChosen)));
            return new SubmittedTasks(ids, [.. stored.SelectMany(r => r.Idle)]);
        }
        // ids made here are ULIDs and cannot collide; chosen ones are checked in every known queue
        var queueKeys = anyChosen
            ? storing.Concat((await queues.RefreshAsync(database)).Except(storing, StringComparer.Ordinal)).ToList()
            : storing;
        var (idle, _) = await StoreAsync(database, batch, fingerprints, shares, queueKeys, now,
            refusable: anyChosen || !oneQueue);
        return new SubmittedTasks(ids, idle);
    }

    /// <summary>The parent Waiting for its join step and its children, in one call; a remembered parent key answers with that family.</summary>
    public Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family, DateTimeOffset now) =>
        RedisStoreFaults.SubmittingAsync(family.Join.Queue, () => StoreFamilyAsync(family, now));

    private async Task<SubmittedFamily> StoreFamilyAsync(FamilySubmission family, DateTimeOffset now)
    {
        var parent = family.Join;
        string parentId = parent.Id ?? TaskId.New(now);
        int count = family.Children.Count;
        List<TaskSubmission> tasks = [parent, .. family.Children];
        var ids = new string[tasks.Count];
        var fields = new RedisFamilyFields?[tasks.Count];
        var fingerprints = new string[tasks.Count];
        ids[0] = parentId;
        fields[0] = new RedisFamilyFields('J', null, null, 0, 0, count, family.Policy);
        fingerprints[0] = parent.IdempotencyKey is null ? "" : Fingerprint(parent);
        for (int i = 0; i < count; i++)
        {
            ids[i + 1] = FamilyGuard.ChildId(parentId, i);
            fields[i + 1] = RedisFamilyFields.Child(parentId, parent.Queue, i, 1);
            fingerprints[i + 1] = "";
        }
        // the parent's queue is the first share and the parent its first task: submit.lua finds it there
        List<Share> shares = [.. Enumerable.Range(0, tasks.Count).GroupBy(i => tasks[i].Queue, StringComparer.Ordinal).Select(g => new Share(g.Key, [.. g]))];
        var database = connection.GetDatabase();
        var storing = shares.Select(s => s.Queue).ToList();
        bool chosen = parent.Id is not null;
        List<string> queueKeys;
        if (_cluster.IsCluster)
        {
            _cluster.ThrowIfFamilySpansQueues(parent.Queue, storing);
            if (chosen) await _cluster.ThrowIfTakenElsewhereAsync(database, tasks, ids);
            queueKeys = storing;
        }
        else
        {
            queueKeys = chosen ? storing.Concat((await queues.RefreshAsync(database)).Except(storing, StringComparer.Ordinal)).ToList() : storing;
        }
        var runs = RedisFamilyFields.Runs(family.Children.Select((c, i) => (i, c.Queue)));
        var (idle, kept) = await StoreAsync(database, new Batch(tasks, ids, fields, chosen ? 1 : 0, runs), fingerprints, shares, queueKeys, now,
            refusable: true);
        if (kept.Contains(0))
        {
            // answered by the family stored then: its children are as many as its parent has now
            var existing = await locator.GetInAsync(parent.Queue, ids[0]);
            int known = existing?.ChildCount ?? count;
            return new SubmittedFamily(ids[0], [.. Enumerable.Range(0, known).Select(i => FamilyGuard.ChildId(ids[0], i))], []);
        }
        return new SubmittedFamily(parentId, ids[1..], idle);
    }

    /// <summary>
    /// Stores the children of one spawn, one submit.lua call per queue (a child that exists is kept as it is).
    /// Returns the queues whose workers may be idle and the positions in <paramref name="children"/> that were new
    /// (not found in their queue).
    /// </summary>
    public Task<(IReadOnlyList<string> Idle, bool[] New)> StoreChildrenAsync(IReadOnlyList<TaskSubmission> children, string[] ids,
        RedisFamilyFields[] fields, DateTimeOffset now) =>
        children.Count == 0 ? Task.FromResult<(IReadOnlyList<string>, bool[])>(([], [])) : RedisStoreFaults.SubmittingAsync(children[0].Queue, () => StoreSpawnedAsync(children, ids, fields, now));

    private async Task<(IReadOnlyList<string> Idle, bool[] New)> StoreSpawnedAsync(IReadOnlyList<TaskSubmission> children, string[] ids,
        RedisFamilyFields[] fields, DateTimeOffset now)
    {
        var database = connection.GetDatabase();
        var fingerprints = new string[children.Count];
        Array.Fill(fingerprints, "");
        var isNew = new bool[children.Count];
        var calls = Enumerable.Range(0, children.Count).GroupBy(i => children[i].Queue, StringComparer.Ordinal).Select(async g =>
        {
            int[] positions = [.. g];
            var batch = new Batch([.. positions.Select(i => children[i])], [.. positions.Select(i => ids[i])], [.. positions.Select(i => fields[i])], 2, null);
            var (idle, kept) = await StoreAsync(database, batch, [.. positions.Select(i => fingerprints[i])],
                [new Share(g.Key, [.. Enumerable.Range(0, positions.Length)])], [g.Key], now, refusable: false);
            for (int n = 0; n < positions.Length; n++) isNew[positions[n]] = !kept.Contains(n);
            return idle;
        }).ToList();
        var idleQueues = (await Task.WhenAll(calls)).SelectMany(q => q).Distinct(StringComparer.Ordinal).ToList();
        return (idleQueues, isNew);
    }

    /// <summary>
    /// One submit.lua call for the whole batch; the queues it stores in are registered with it. A call that
    /// cannot be refused for a taken id (<c>refusable</c> false) registers them alongside, saving a round
    /// trip; one that can names them only once it has stored, so a refusal leaves nothing behind.
    /// Returns the queues whose workers may be idle and the batch positions answered by an existing task.
    /// </summary>
    private async Task<(IReadOnlyList<string> Idle, HashSet<int> Kept)> StoreAsync(IDatabase database, Batch batch, string[] fingerprints,
        List<Share> shares, List<string> queueKeys, DateTimeOffset now, bool refusable)
    {
        RedisValue[] names = [.. shares.Select(s => (RedisValue)s.Queue)];
        var register = refusable ? null : database.SetAddAsync(keys.Queues, names);
        RedisKey[] queueRedisKeys = [.. queueKeys.Select(keys.Queue)];
        var result = await retry.EvaluateAsync(database, scripts.Submit, queueRedisKeys, Args(batch, fingerprints, shares, now));
        if (register is not null) await register;
        var answer = Apply(result, shares, queueKeys, batch.Ids);
        if (refusable) await database.SetAddAsync(keys.Queues, names);
        // last, so the replicas have the queue's registration too; a refused call stored nothing to wait for
        if (replicaWait is not null) await replicaWait.WaitAsync(queueRedisKeys[0], shares[0].Queue);
        queues.Add(shares.Select(s => s.Queue));
        return answer;
    }

    /// <summary>
    /// Throws when the script refused; otherwise puts the existing task's id where a remembered key
    /// answered and returns the queues the script found idle (one flag per share, in order) and the
    /// positions so answered.
    /// </summary>
    private static (IReadOnlyList<string> Idle, HashSet<int> Kept) Apply(RedisResult result, List<Share> shares, List<string> queueKeys, string[] ids)
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
        var kept = new HashSet<int>();
        if (reply.Length > 2)
        {
            // positions count over the batch in argument order: share by share
            int[] order = [.. shares.SelectMany(s => s.Indexes)];
            for (int i = 2; i + 1 < reply.Length; i += 2)
            {
                int index = order[(int)reply[i] - 1];
                ids[index] = (string)reply[i + 1]!;
                kept.Add(index);
            }
        }
        return (idle, kept);
    }

    /// <summary>What makes two submissions under one idempotency key the same: SHA-256 of type, '\n', payload (UTF-8), in hex.</summary>
    private static string Fingerprint(TaskSubmission task) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(task.Type + "\n" + task.Payload)));

    /// <summary>Fields each task adds to submit.lua's arguments, after its queue's count.</summary>
    private const int FieldsPerTask = 24;

    /// <summary>The arguments before the runs: now, mode, events, queue count, family, run count.</summary>
    private const int HeadLength = 6;

    /// <summary>submit.lua's arguments, built straight into one array of the exact size.</summary>
    private RedisValue[] Args(Batch batch, string[] fingerprints, List<Share> shares, DateTimeOffset now)
    {
        var (tasks, ids) = (batch.Tasks, batch.Ids);
        var runs = batch.Runs ?? [];
        long nowMs = now.ToUnixTimeMilliseconds();
        // a cluster's call per queue passes the whole batch and only its queue's share
        var args = new RedisValue[HeadLength + runs.Count * 2 + shares.Count + shares.Sum(s => s.Indexes.Length) * FieldsPerTask];
        args[0] = nowMs;
        args[1] = batch.Mode;
        args[2] = eventStreamLength;
        args[3] = shares.Count;
        args[4] = batch.Runs is null ? 0 : 1;
        args[5] = runs.Count;
        int n = HeadLength;
        foreach (var run in runs)
        {
            args[n++] = run.First;
            args[n++] = run.Queue;
        }
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
                var family = batch.Family?[i];
                // a workflow node with dependencies waits for its workflow to release it
                args[n++] = family is { Wait: 'J' } ? "J" : task.Node is { Dependencies.Count: > 0 } ? "W" : "";
                args[n++] = family?.ParentId ?? "";
                args[n++] = family?.ParentQueue ?? "";
                args[n++] = family?.ChildIndex ?? 0;
                args[n++] = family?.Depth ?? 0;
                args[n++] = family?.ChildCount ?? 0;
                args[n++] = family?.Policy == ChildFailurePolicy.FailFast ? "F" : "";
                args[n++] = task.Node is { } node ? RedisNodeCodec.Encode(node) : "";
                args[n++] = task.Routing is { } routing ? RedisRoutingCodec.Encode(routing) : "";
                args[n++] = RedisRoutingCodec.Lane(task.Routing);
                args[n++] = task.RoutedTo ?? "";
                args[n++] = task.Target is { } target ? RedisTargetCodec.Encode(target) : "";
                args[n++] = RedisTraceCodec.Encode(task.TraceParent, task.TraceState);
            }
        }
        return args;
    }
}
