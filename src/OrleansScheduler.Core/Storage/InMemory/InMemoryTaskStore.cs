using OrleansScheduler.Api;
using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// The embedded store: every task in this process's memory, with the same semantics as the Redis
/// store (the contract suite runs against both). One lock makes every transition atomic, the way
/// one Lua script does in Redis; each transition records its event and, when it ends an attempt,
/// the attempt, in the same step. Several silos in one process may share one instance.
/// </summary>
public sealed class InMemoryTaskStore : ITaskStore
{
    /// <summary>How many due scheduled tasks one claim promotes at most, as in the Redis claim script.</summary>
    private const int PromoteLimit = 1000;

    private readonly int _maxPayloadBytes;
    private readonly InMemoryState _state;
    private readonly InMemoryAttempts _attempts;
    private readonly InMemoryTaskControl _control;
    private readonly InMemoryQueueAdmin _admin;
    private readonly InMemoryTaskHistory _history;
    private readonly InMemoryFamilies _families;

    /// <summary>A store on the system clock.</summary>
    public InMemoryTaskStore() : this(TimeProvider.System) { }

    /// <summary>A store reading "now" from <paramref name="clock"/>.</summary>
    /// <param name="clock">Where "now" comes from.</param>
    /// <param name="maxPayloadBytes">Largest payload accepted, in UTF-8 bytes.</param>
    /// <param name="history">How many events, log lines and attempts to keep; null for <see cref="HistoryLimits.Default"/>.</param>
    public InMemoryTaskStore(TimeProvider clock, int maxPayloadBytes = TaskLimits.DefaultMaxPayloadBytes, HistoryLimits? history = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _maxPayloadBytes = maxPayloadBytes;
        _state = new InMemoryState(clock, history ?? HistoryLimits.Default);
        _families = new InMemoryFamilies(_state, new TaskStoreListeners(), maxPayloadBytes);
        _attempts = new InMemoryAttempts(_state, _families);
        _control = new InMemoryTaskControl(_state, _families);
        _admin = new InMemoryQueueAdmin(_state, _families);
        _history = new InMemoryTaskHistory(_state);
    }

    /// <inheritdoc />
    public Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default)
    {
        SubmissionGuard.ThrowIfInvalid(tasks, _state.Now(), _maxPayloadBytes);
        var ids = new string[tasks.Count];
        var idle = new List<string>();
        lock (_state.Gate)
        {
            var now = _state.Now();
            // Check everything first: a refused batch stores nothing.
            for (int i = 0; i < tasks.Count; i++)
            {
                if (_state.IdempotencyKeys.Find(tasks[i], now) is { } existing) ids[i] = existing;
                else if (tasks[i].Id is { } taken && _state.Tasks.TryGetValue(taken, out var other))
                    throw new TaskAlreadyExistsException(taken, other.Spec.Queue);
            }
            for (int i = 0; i < tasks.Count; i++)
            {
                if (ids[i] is not null) continue; // answered by its idempotency key: nothing stored, no event
                var spec = tasks[i];
                var task = new StoredTask(spec.Id ?? TaskId.New(now), spec, now);
                var queue = _state.Queue(spec.Queue);
                if (!idle.Contains(spec.Queue) && spec.Node is not { Dependencies.Count: > 0 } && MayBeIdle(queue, spec.RunAt is { } due && due > now ? InMemoryState.Truncate(due) : null)) idle.Add(spec.Queue);
                _state.Tasks.Add(task.Id, task);
                if (spec.Node is { Dependencies.Count: > 0 })
                {
                    // A workflow node that waits for its dependencies; its workflow releases it.
                    if (spec.RunAt is { } later) task.RunAt = InMemoryState.Truncate(later);
                    queue.StoreWaiting(task);
                }
                else
                {
                    queue.Store(task, spec.RunAt is { } runAt ? InMemoryState.Truncate(runAt) : null, now);
                }
                queue.Record(task, TaskEventTypes.Submitted, null, now);
                _state.IdempotencyKeys.Remember(spec, task.Id, now);
                ids[i] = task.Id;
            }
        }
        return Task.FromResult(new SubmittedTasks(ids, idle));
    }

    /// <summary>
    /// Whether the queue's workers may be asleep before a task is added: nothing of it is Pending, or
    /// the task is due (<paramref name="runAt"/>) before every scheduled task it holds.
    /// </summary>
    internal static bool MayBeIdle(QueueState queue, DateTimeOffset? runAt)
    {
        if (runAt is not { } due) return queue.Count(TaskState.Pending) == 0;
        return queue.Scheduled.Count == 0 || due.ToUnixTimeMilliseconds() < queue.Scheduled.Min.DueMs;
    }

    /// <inheritdoc />
    public Task<ClaimBatch> ClaimAsync(string queueName, string siloId, int max, CancellationToken cancellationToken = default)
    {
        var claimed = new List<ClaimedTask>(Math.Clamp(max, 0, 256));
        lock (_state.Gate)
        {
            var now = _state.Now();
            if (!_state.Queues.TryGetValue(queueName, out var queue)) return Task.FromResult(ClaimBatch.Empty);
            if (queue.RequeuedSilos.ContainsKey(siloId)) return Task.FromResult(ClaimBatch.Refused);
            if (queue.Paused) return Task.FromResult(ClaimBatch.Empty);
            PromoteDue(queue, now);
            int allowed = Allowed(queue, max, now);
            while (claimed.Count < allowed && queue.Ready.Count > 0)
            {
                var entry = queue.Ready.Min;
                queue.Ready.Remove(entry);
                var task = _state.Tasks[entry.Id];
                task.Attempt++;
                task.Token++;
                task.Silo = siloId;
                task.StartedAt = now;
                task.Deadline = now + task.Spec.Timeout;
                queue.Start(task);
                queue.Record(task, TaskEventTypes.Started, TaskState.Pending, now, siloId);
                claimed.Add(task.ToClaimed());
            }
            DateTimeOffset? nextDue = queue.Scheduled.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(queue.Scheduled.Min.DueMs) : null;
            if (queue.Limits.RatePerSecond is { } rate)
            {
                queue.Bucket.Spend(claimed.Count);
                // Ready work the bucket held back: the worker must come back when the next token is due.
                if (queue.Ready.Count > 0 && queue.Bucket.NextTokenAt(rate, now) is { } token && (nextDue is null || token < nextDue)) nextDue = token;
            }
            return Task.FromResult(new ClaimBatch(claimed, nextDue));
        }
    }

    /// <summary>How many tasks this claim may start: <paramref name="max"/>, within the queue's concurrency and rate limits.</summary>
    private static int Allowed(QueueState queue, int max, DateTimeOffset now)
    {
        int allowed = Math.Max(0, max);
        if (queue.Limits.MaxConcurrency is { } concurrency)
            allowed = (int)Math.Clamp(concurrency - queue.Count(TaskState.Running), 0, allowed);
        if (queue.Limits.RatePerSecond is { } rate)
            allowed = Math.Min(allowed, queue.Bucket.Refill(rate, now.ToUnixTimeMilliseconds()));
        return allowed;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default) =>
        Task.FromResult(Told(_attempts.Complete(completions)));

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default) =>
        Task.FromResult(Told(_attempts.Fail(failures)));

    /// <inheritdoc />
    public Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default) =>
        Task.FromResult(_attempts.Progress(progress));

    /// <inheritdoc />
    public Task<int> ExpireAttemptsAsync(string queueName, CancellationToken cancellationToken = default) =>
        Task.FromResult(Told(_attempts.Expire(queueName)));

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default) =>
        Task.FromResult(_attempts.Release(releases));

    /// <inheritdoc />
    public Task<FailoverResult> RequeueSiloTasksAsync(string queueName, string siloId, int maxFailovers, CancellationToken cancellationToken = default) =>
        Task.FromResult(Told(_attempts.RequeueSilo(queueName, siloId, maxFailovers)));

    /// <inheritdoc />
    public Task<IReadOnlyList<RunningOwner>> ListRunningOwnersAsync(string queueName, CancellationToken cancellationToken = default)
    {
        lock (_state.Gate)
        {
            if (!_state.Queues.TryGetValue(queueName, out var queue)) return Task.FromResult<IReadOnlyList<RunningOwner>>([]);
            IReadOnlyList<RunningOwner> owners = [.. queue.Running.Select(r => _state.Tasks[r.Id]).GroupBy(t => t.Silo!, StringComparer.Ordinal)
                .Select(g => new RunningOwner(g.Key, g.Count(), g.Max(t => t.StartedAt!.Value)))
                .OrderBy(o => o.SiloId, StringComparer.Ordinal)];
            return Task.FromResult(owners);
        }
    }

    /// <inheritdoc />
    public Task<int> PromoteDueAsync(string queueName, CancellationToken cancellationToken = default)
    {
        lock (_state.Gate)
        {
            if (!_state.Queues.TryGetValue(queueName, out var queue)) return Task.FromResult(0);
            return Task.FromResult(PromoteDue(queue, _state.Now()));
        }
    }

    /// <summary>The error of a task failed as poison; the Redis store's requeue script words it the same.</summary>
    internal static string PoisonError(string taskId, int failovers, string siloId, int maxFailovers) =>
        $"Task '{taskId}' is poison: the silos running it died {failovers} times (last '{siloId}'), more than MaxFailovers ({maxFailovers}).";

    private int PromoteDue(QueueState queue, DateTimeOffset now)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        int n = 0;
        for (; n < PromoteLimit && queue.Scheduled.Count > 0 && queue.Scheduled.Min.DueMs <= nowMs; n++)
        {
            var due = queue.Scheduled.Min;
            queue.Scheduled.Remove(due);
            var task = _state.Tasks[due.Id];
            queue.MakeReady(task);
            queue.Record(task, TaskEventTypes.Promoted, TaskState.Scheduled, now);
        }
        return n;
    }

    /// <inheritdoc />
    public Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_control.Get(id));

    /// <inheritdoc />
    public Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default) => Task.FromResult(_control.List(query));

    /// <inheritdoc />
    public Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default) => CancelAsync(id, null, cancellationToken);

    /// <inheritdoc />
    public Task<TaskRecord> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default) => Task.FromResult(Told(_control.Cancel(id, reason)));

    /// <inheritdoc />
    public Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_control.Pause(id));

    /// <inheritdoc />
    public Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_control.Resume(id));

    /// <inheritdoc />
    public Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_control.Retry(id));

    /// <inheritdoc />
    public Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Told(_control.Delete(id)));

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default) =>
        Task.FromResult(_control.FindStale(attempts));

    /// <inheritdoc />
    public Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default)
    {
        _admin.SetPaused(queue, paused);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default) => Task.FromResult(_admin.ListPaused());

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default) => Task.FromResult(_admin.ListQueues());

    /// <inheritdoc />
    public Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default)
    {
        _admin.SetLimits(queue, limits);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default) => Task.FromResult(_admin.GetLimits(queue));

    /// <inheritdoc />
    public Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => Task.FromResult(_admin.Stats(queue));

    /// <inheritdoc />
    public Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default) => Task.FromResult(Told(_admin.Sweep(queue, max)));

    /// <inheritdoc />
    public Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default)
    {
        _history.AppendLogs(lines);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_history.Logs(id));

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_history.Attempts(id));

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(_history.ReadEvents(queue, after, max));

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_history.TaskEvents(id));

    /// <inheritdoc />
    public Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family, CancellationToken cancellationToken = default) =>
        Task.FromResult(_families.Submit(family));

    /// <inheritdoc />
    public Task<SpawnResult> SpawnChildrenAsync(ChildSpawn spawn, CancellationToken cancellationToken = default) =>
        Task.FromResult(_families.Spawn(spawn));

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> WaitForChildrenAsync(IReadOnlyList<TaskWait> waits, CancellationToken cancellationToken = default) =>
        Task.FromResult(Told(_families.Wait(waits)));

    /// <inheritdoc />
    public Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(_families.Children(parentId, start, max));

    /// <inheritdoc />
    public Task<TaskRecord> UnblockAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_families.UnblockNode(id));

    /// <inheritdoc />
    public Task<int> DeliverNoticesAsync(string queue, CancellationToken cancellationToken = default) => Task.FromResult(_families.Flush());

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListWaitingWorkflowsAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_state.Gate)
        {
            if (!_state.Queues.TryGetValue(queue, out var q)) return Task.FromResult<IReadOnlyList<string>>([]);
            IReadOnlyList<string> workflows = [.. q.Waiting.Select(id => _state.Tasks[id].Spec.Node?.WorkflowId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            return Task.FromResult(workflows);
        }
    }

    /// <inheritdoc />
    public IDisposable Listen(ITaskStoreListener listener) => _families.Listeners.Add(listener);

    /// <summary>Tells the listeners what the transition that returned <paramref name="result"/> did, once its lock is let go.</summary>
    private T Told<T>(T result)
    {
        _families.Flush();
        return result;
    }
}
