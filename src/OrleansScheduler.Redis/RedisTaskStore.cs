using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The task store on Redis: every transition is one Lua script on one queue's keys (layout and
/// return codes in <see cref="RedisKeys"/>'s remarks), called once per batch per queue. "Now"
/// comes from the store's <see cref="TimeProvider"/> and is passed to every script.
/// Semantics match the in-memory store; one contract suite runs against both. What a transition owes
/// another queue (a child's outcome for its parent there, a parent's children to cancel) or the listeners
/// goes into its own queue's outbox, which the same call delivers (<see cref="RedisNoticeCourier"/>) and
/// <see cref="DeliverNoticesAsync"/> delivers again after a caller died.
/// </summary>
public sealed class RedisTaskStore : ITaskStore
{
    /// <summary>Most due scheduled tasks one claim or one <see cref="PromoteDueAsync"/> promotes, as in the in-memory store.</summary>
    internal const int PromoteLimit = 1000;

    /// <summary>Most attempts one expire.lua call times out; the store calls again while calls come back full.</summary>
    internal const int ExpireBatch = 100;

    private static readonly long BackoffCapMs = (long)TaskLimits.MaxBackoff.TotalMilliseconds;

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly RedisKeys _keys;
    private readonly RedisTaskScripts _scripts;
    private readonly RedisClusterRetry _retry;
    private readonly RedisTaskLocator _locator;
    private readonly RedisTaskSubmitter _submitter;
    private readonly RedisTaskLister _lister;
    private readonly RedisTaskControl _control;
    private readonly RedisTaskHistory _history;
    private readonly RedisQueueAdmin _admin;
    private readonly RedisQueueRegistry _queues;
    private readonly RedisWaitingWorkflows _waitingWorkflows;
    private readonly RedisTaskFamilies _families;
    private readonly RedisNoticeCourier _courier;
    private readonly RedisFamilyCascade _cascade;
    private readonly RedisTaskClaimer _claimer;
    private readonly RedisTaskRouting _routing;
    private readonly TaskStoreListeners _listeners = new();
    private readonly int _events;
    private readonly int _attempts;

    /// <summary>A store on <paramref name="connection"/>, which it shares and does not dispose.</summary>
    /// <param name="connection">The multiplexer; one per process is enough.</param>
    /// <param name="options">Key prefix, payload limit and history limits.</param>
    /// <param name="clock">Where "now" comes from.</param>
    /// <param name="logger">Optional logger.</param>
    public RedisTaskStore(IConnectionMultiplexer connection, RedisStoreOptions options, TimeProvider clock, ILogger<RedisTaskStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.ThrowIfInvalidKeyPrefix();
        options.ThrowIfInvalidReplicaWait();
        if (options.MaxPayloadBytes < 1)
            throw new ArgumentException($"MaxPayloadBytes must be at least 1 (was {options.MaxPayloadBytes}).", nameof(options));
        var history = options.History ?? throw new ArgumentException("History must not be null.", nameof(options));
        if (history.EventStreamLength < 0 || history.MaxLogLines < 0 || history.MaxLogLineLength < 0 || history.MaxAttemptHistory < 0)
            throw new ArgumentException($"History limits must not be negative (were {history}).", nameof(options));

        _connection = connection;
        _options = options;
        _clock = clock;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _keys = new RedisKeys(options.KeyPrefix);
        _scripts = new RedisTaskScripts(connection, _logger);
        _retry = new RedisClusterRetry(_scripts, _logger);
        _queues = new RedisQueueRegistry(_keys);
        _locator = new RedisTaskLocator(connection, _keys, _scripts, _queues, _retry);
        _events = history.EventStreamLength;
        _attempts = history.MaxAttemptHistory;
        var replicaWait = options.WaitReplicas > 0 ? new RedisReplicaWait(connection, options.WaitReplicas, options.WaitReplicasTimeout) : null;
        _submitter = new RedisTaskSubmitter(connection, _keys, _scripts, _queues, _locator, _retry, _events, replicaWait);
        _lister = new RedisTaskLister(connection, _keys, _scripts, _queues);
        var children = new RedisChildReader(connection, _keys, _scripts);
        _courier = new RedisNoticeCourier(connection, _keys, _scripts, children, _listeners, clock, history, _logger);
        _control = new RedisTaskControl(connection, _keys, _scripts, _locator, _courier, clock, history);
        _cascade = new RedisFamilyCascade(_locator, _control, children, _listeners);
        _waitingWorkflows = new RedisWaitingWorkflows(connection, _keys, _scripts);
        _families = new RedisTaskFamilies(connection, _keys, _scripts, _locator, _submitter, children, clock, options.MaxPayloadBytes, _cascade);
        _history = new RedisTaskHistory(connection, _keys, _scripts, _locator, history);
        _admin = new RedisQueueAdmin(connection, _keys, _scripts, _queues, _cascade, clock);
        _claimer = new RedisTaskClaimer(connection, _keys, _scripts, _retry, clock, _events, _attempts);
        _routing = new RedisTaskRouting(connection, _keys, _scripts, _queues, _courier, clock, _events);
    }

    internal RedisKeys Keys => _keys;

    /// <summary>Loads the function library on every primary, refusing a Redis that evicts keys (<see cref="RedisMemoryPolicy"/>); what the silo does at start.</summary>
    internal Task StartAsync() => _scripts.EnsureLoadedAsync();

    /// <inheritdoc />
    public Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        SubmissionGuard.ThrowIfInvalid(tasks, now, _options.MaxPayloadBytes);
        return _submitter.SubmitAsync(tasks, now);
    }

    /// <inheritdoc />
    public Task<ClaimBatch> ClaimAsync(string queue, string siloId, int max, CancellationToken cancellationToken = default) =>
        _claimer.ClaimAsync(new ClaimRequest(queue, siloId, max));

    /// <inheritdoc />
    public Task<ClaimBatch> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) => _claimer.ClaimAsync(request);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return PerQueueAsync(_scripts.Complete, completions, c => c.Queue, [nowMs, _events],
            (args, c) => { args.Add(c.Id); args.Add(c.Token); args.Add(c.Result); });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default)
    {
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return PerQueueAsync(_scripts.Fail, failures, f => f.Queue, [nowMs, BackoffCapMs, _events], (args, f) =>
        {
            args.Add(f.Id);
            args.Add(f.Token);
            args.Add(f.Error);
            args.Add(f.Retryable ? 1 : 0);
            args.Add(Random.Shared.NextDouble()); // the jitter of RetryBackoff.Delay, drawn here so Lua stays deterministic
            args.Add(f.RetryAfter is { } after ? (long)after.TotalMilliseconds : 0);
        });
    }

    /// <inheritdoc />
    public async Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default)
    {
        if (!TaskLimits.IsValidQueue(progress.Queue)) return OutcomeResult.NotFound;
        var reply = await Evaluate(_scripts.Progress, progress.Queue,
            [progress.Id, progress.Token, progress.Percent, progress.Message ?? "", progress.Message is null ? 0 : 1]);
        return RedisTaskCodec.Outcome((long)reply);
    }

    /// <inheritdoc />
    public async Task<int> ExpireAttemptsAsync(string queue, CancellationToken cancellationToken = default)
    {
        if (!TaskLimits.IsValidQueue(queue)) return 0;
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        int total = 0, expired;
        do
        {
            var args = new RedisValue[3 + ExpireBatch];
            args[0] = nowMs;
            args[1] = BackoffCapMs;
            args[2] = _events;
            for (int i = 3; i < args.Length; i++) args[i] = Random.Shared.NextDouble();
            var reply = (RedisResult[])(await Evaluate(_scripts.Expire, queue, args))!;
            expired = (int)reply[0];
            total += expired;
            await _courier.AfterAsync(queue, (long)reply[1]);
        }
        while (expired == ExpireBatch);
        return total;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default)
    {
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return PerQueueAsync(_scripts.Release, releases, r => r.Queue, [nowMs, _events],
            (args, r) => { args.Add(r.Id); args.Add(r.Token); });
    }

    /// <inheritdoc />
    public async Task<FailoverResult> RequeueSiloTasksAsync(string queue, string siloId, int maxFailovers, CancellationToken cancellationToken = default)
    {
        if (!TaskLimits.IsValidQueue(queue)) return default;
        // A queue no task ever named has nothing to requeue, and remembering the silo there would create it.
        if (!_queues.Known.Contains(queue) && !(await _queues.RefreshAsync(_connection.GetDatabase())).Contains(queue)) return default;
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var reply = (RedisResult[])(await Evaluate(_scripts.RequeueSilo, queue,
            [siloId, maxFailovers, nowMs, _events, (long)ITaskStore.RequeuedSiloMemory.TotalMilliseconds]))!;
        await _courier.AfterAsync(queue, (long)reply[2]);
        return new FailoverResult((int)reply[0], (int)reply[1]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunningOwner>> ListRunningOwnersAsync(string queue, CancellationToken cancellationToken = default)
    {
        if (!TaskLimits.IsValidQueue(queue)) return [];
        var reply = (RedisResult[])(await Evaluate(_scripts.RunningOwners, queue, []))!;
        var owners = new List<RunningOwner>(reply.Length / 3);
        for (int i = 0; i + 2 < reply.Length; i += 3)
            owners.Add(new RunningOwner((string)reply[i]!, (int)reply[i + 1], RedisTaskCodec.ParseTime((string)reply[i + 2]!)));
        owners.Sort((a, b) => string.CompareOrdinal(a.SiloId, b.SiloId));
        return owners;
    }

    /// <inheritdoc />
    public async Task<int> PromoteDueAsync(string queue, CancellationToken cancellationToken = default)
    {
        if (!TaskLimits.IsValidQueue(queue)) return 0;
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return (int)await Evaluate(_scripts.Promote, queue, [nowMs, PromoteLimit, _events]);
    }

    /// <inheritdoc />
    public Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => _locator.GetAsync(id);

    /// <inheritdoc />
    public Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _lister.ListAsync(query);
    }

    /// <inheritdoc />
    public Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default) => _control.CancelAsync(id, null);

    /// <inheritdoc />
    public Task<TaskRecord> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default) => _control.CancelAsync(id, reason);

    /// <inheritdoc />
    public Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family, CancellationToken cancellationToken = default) => _families.SubmitFamilyAsync(family);

    /// <inheritdoc />
    public Task<SpawnResult> SpawnChildrenAsync(ChildSpawn spawn, CancellationToken cancellationToken = default) => _families.SpawnChildrenAsync(spawn);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> WaitForChildrenAsync(IReadOnlyList<TaskWait> waits, CancellationToken cancellationToken = default)
    {
        long nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return PerQueueAsync(_scripts.Wait, waits, w => w.Queue, [nowMs, _events], (args, w) =>
        {
            args.Add(w.Id);
            args.Add(w.Token);
            args.Add(w.JoinState ?? "");
            args.Add(w.JoinState is null ? 0 : 1);
        });
    }

    /// <inheritdoc />
    public Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max, CancellationToken cancellationToken = default) => _families.GetChildrenAsync(parentId, start, max);

    /// <inheritdoc />
    public Task<TaskRecord> UnblockAsync(string id, CancellationToken cancellationToken = default) => _control.UnblockAsync(id);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListWaitingWorkflowsAsync(string queue, CancellationToken cancellationToken = default) => _waitingWorkflows.ListAsync(queue);

    /// <inheritdoc />
    public Task<int> DeliverNoticesAsync(string queue, CancellationToken cancellationToken = default) =>
        TaskLimits.IsValidQueue(queue) ? _courier.DeliverAsync(queue) : Task.FromResult(0);

    /// <inheritdoc />
    public IDisposable Listen(ITaskStoreListener listener) => _listeners.Add(listener);

    /// <inheritdoc />
    public Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default) => _control.PauseAsync(id);

    /// <inheritdoc />
    public Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default) => _control.ResumeAsync(id);

    /// <inheritdoc />
    public Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default) => _control.RetryAsync(id);

    /// <inheritdoc />
    public Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default) => _cascade.DeleteAsync(id);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var stale = new bool[attempts.Count];
        var calls = new List<(int[] Indexes, Task<RedisResult> Call)>();
        foreach (var group in Enumerable.Range(0, attempts.Count).GroupBy(i => attempts[i].Queue, StringComparer.Ordinal))
        {
            int[] indexes = [.. group];
            if (!TaskLimits.IsValidQueue(group.Key))
            {
                foreach (int i in indexes) stale[i] = true; // no task can be in it
                continue;
            }
            calls.Add((indexes, Evaluate(_scripts.Stale, group.Key, [.. indexes.SelectMany(i => new RedisValue[] { attempts[i].Id, attempts[i].Token })])));
        }
        foreach (var (indexes, call) in calls)
        {
            foreach (var position in (RedisResult[])(await call)!) stale[indexes[(int)position - 1]] = true;
        }
        return [.. Enumerable.Range(0, attempts.Count).Where(i => stale[i]).Select(i => attempts[i])];
    }


    /// <inheritdoc />
    public Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default) => _admin.SetQueuePausedAsync(queue, paused);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default) => _admin.ListPausedQueuesAsync();

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default) => _admin.ListQueuesAsync();

    /// <inheritdoc />
    public Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default) => _admin.SetQueueLimitsAsync(queue, limits);

    /// <inheritdoc />
    public Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default) => _admin.GetQueueLimitsAsync(queue);

    /// <inheritdoc />
    public Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => _admin.GetQueueStatsAsync(queue);

    /// <inheritdoc />
    public Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default) => _admin.SweepFinishedAsync(queue, max);

    /// <inheritdoc />
    public Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default) => _history.AppendLogsAsync(lines);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) => _history.GetLogsAsync(id);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default) => _history.GetAttemptsAsync(id);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default) =>
        _history.ReadEventsAsync(queue, after, max);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default) => _history.GetTaskEventsAsync(id);


    private Task<RedisResult> Evaluate(RedisScript script, string queue, RedisValue[] args) =>
        _retry.EvaluateAsync(_connection.GetDatabase(), script, _keys.Queue(queue), args);

    /// <summary>
    /// One script call per queue, all pipelined; results mapped back to input order. A reply with one code
    /// more than items ends with its queue's notices pending (_family.lua), delivered before this returns.
    /// </summary>
    private async Task<IReadOnlyList<OutcomeResult>> PerQueueAsync<T>(RedisScript script, IReadOnlyList<T> items, Func<T, string> queueOf,
        RedisValue[] head, Action<List<RedisValue>, T> addItem)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new OutcomeResult[items.Count];
        var calls = new List<(List<int> Indexes, Task<RedisResult> Call)>();
        foreach (var group in Enumerable.Range(0, items.Count).GroupBy(i => queueOf(items[i]), StringComparer.Ordinal))
        {
            var indexes = group.ToList();
            if (!TaskLimits.IsValidQueue(group.Key))
            {
                foreach (int i in indexes) results[i] = OutcomeResult.NotFound; // no task can be in it
                continue;
            }
            var args = new List<RedisValue>(head.Length + indexes.Count * 5);
            args.AddRange(head);
            foreach (int i in indexes) addItem(args, items[i]);
            calls.Add((indexes, Evaluate(script, group.Key, [.. args])));
        }
        foreach (var (indexes, call) in calls)
        {
            var codes = (RedisResult[])(await call)!;
            for (int n = 0; n < indexes.Count; n++) results[indexes[n]] = RedisTaskCodec.Outcome((long)codes[n]);
            if (codes.Length > indexes.Count) await _courier.AfterAsync(queueOf(items[indexes[0]]), (long)codes[^1]);
        }
        return results;
    }

    /// <inheritdoc />
    public Task<long> AdvanceRoundRobinAsync(string queue, int count, CancellationToken cancellationToken = default) => _routing.AdvanceRoundRobinAsync(queue, count);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue, CancellationToken cancellationToken = default) => _routing.ListRoutedSilosAsync(queue);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max, CancellationToken cancellationToken = default) =>
        _routing.ListRoutedAsync(queue, silo, max);

    /// <inheritdoc />
    public Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken = default) =>
        _routing.RerouteAsync(queue, moves);

    /// <inheritdoc />
    public Task SetQueueRoutingAsync(string queue, TaskRouting? routing, CancellationToken cancellationToken = default) => _routing.SetQueueRoutingAsync(queue, routing);

    /// <inheritdoc />
    public Task<TaskRouting?> GetQueueRoutingAsync(string queue, CancellationToken cancellationToken = default) => _routing.GetQueueRoutingAsync(queue);
}
