using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The queues as a whole on Redis: the pause flag, the limits hash, the stats and the retention
/// sweep (layout and script replies in <see cref="RedisKeys"/>). Pausing or limiting a queue
/// registers it in the cluster-wide queue set first, so it is listed and swept like any other.
/// </summary>
internal sealed class RedisQueueAdmin(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues,
    RedisFamilyCascade families, TimeProvider clock)
{
    private static readonly long DefaultRetentionMs = (long)TaskLimits.DefaultRetention.TotalMilliseconds;

    public async Task SetQueuePausedAsync(string queue, bool paused)
    {
        ThrowIfInvalid(queue);
        var database = connection.GetDatabase();
        await RegisterAsync(database, queue);
        if (paused)
        {
            await database.StringSetAsync(keys.Paused(queue), "1");
        }
        else
        {
            await database.KeyDeleteAsync(keys.Paused(queue));
        }
    }

    public async Task<IReadOnlyList<string>> ListPausedQueuesAsync()
    {
        var database = connection.GetDatabase();
        var all = await queues.RefreshAsync(database);
        var flags = await Task.WhenAll(all.Select(q => database.KeyExistsAsync(keys.Paused(q))));
        return [.. all.Where((_, i) => flags[i])];
    }

    public Task<IReadOnlyList<string>> ListQueuesAsync() => queues.RefreshAsync(connection.GetDatabase());

    public async Task SetQueueLimitsAsync(string queue, QueueLimits limits)
    {
        ThrowIfInvalid(queue);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = limits.Validate();
        if (errors.Count > 0)
            throw new ArgumentException($"The limits of queue '{queue}' are invalid: {string.Join(" ", errors.Select(e => e.Message))}", nameof(limits));

        var database = connection.GetDatabase();
        await RegisterAsync(database, queue);
        await scripts.EvaluateAsync(database, scripts.SetLimits, keys.Queue(queue), [
            clock.GetUtcNow().ToUnixTimeMilliseconds(),
            limits.MaxConcurrency is { } concurrency ? (RedisValue)concurrency : "",
            limits.RatePerSecond is { } rate ? RedisTaskCodec.Ms(rate) : "",
            limits.Retention is { } retention ? (RedisValue)(long)retention.TotalMilliseconds : "",
        ]);
    }

    public async Task<QueueLimits> GetQueueLimitsAsync(string queue)
    {
        ThrowIfInvalid(queue);
        var f = await connection.GetDatabase().HashGetAsync(keys.Limits(queue), ["c", "r", "ret"]);
        return RedisHistoryCodec.Limits(f[0], f[1], f[2]);
    }

    public async Task<QueueStats> GetQueueStatsAsync(string queue)
    {
        ThrowIfInvalid(queue);
        var now = clock.GetUtcNow();
        var r = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Stats, keys.Queue(queue),
            [now.ToUnixTimeMilliseconds()]))!;
        string oldest = (string)r[10]!;
        return new QueueStats
        {
            Queue = queue,
            Paused = (long)r[0] == 1,
            Counts = new Dictionary<TaskState, long>
            {
                [TaskState.Pending] = (long)r[1], [TaskState.Scheduled] = (long)r[2], [TaskState.Running] = (long)r[3],
                [TaskState.Paused] = (long)r[4], [TaskState.Succeeded] = (long)r[5], [TaskState.Failed] = (long)r[6],
                [TaskState.Canceled] = (long)r[7], [TaskState.Waiting] = (long)r[14],
            },
            SucceededLastMinute = (long)r[8],
            FailedLastMinute = (long)r[9],
            OldestPendingAge = oldest.Length == 0 ? null : TimeSpan.FromTicks(Math.Max(0, (now - RedisTaskCodec.ParseTime(oldest)).Ticks)),
            Limits = RedisHistoryCodec.Limits((string?)r[11], (string?)r[12], (string?)r[13]),
        };
    }

    /// <summary>
    /// Removes finished tasks past retention. A due parent goes with all its children (children first, in
    /// whatever queue), each counted as a swept task; a child never goes on its own.
    /// </summary>
    public async Task<int> SweepFinishedAsync(string queue, int max)
    {
        if (!TaskLimits.IsValidQueue(queue) || max < 1) return 0; // no task can be in it, or nothing asked for
        long nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var reply = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Sweep, keys.Queue(queue), [nowMs, DefaultRetentionMs, max]))!;
        int removed = (int)reply[0];
        for (int i = 1; i < reply.Length; i++) removed += await families.SweepFamilyAsync(queue, (string)reply[i]!);
        return removed;
    }

    private async Task RegisterAsync(IDatabaseAsync database, string queue)
    {
        await database.SetAddAsync(keys.Queues, queue);
        queues.Add([queue]);
    }

    private static void ThrowIfInvalid(string queue)
    {
        if (!TaskLimits.IsValidQueue(queue)) throw new ArgumentException($"Queue '{queue}' must match {TaskLimits.QueuePattern}.", nameof(queue));
    }
}
