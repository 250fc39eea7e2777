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
    private readonly int _maxPayloadBytes;
    private readonly InMemoryState _state;
    private readonly InMemoryAttempts _attempts;
    private readonly InMemoryTaskControl _control;
    private readonly InMemoryQueueAdmin _admin;
    private readonly InMemoryTaskHistory _history;
    private readonly InMemoryFamilies _families;
    private readonly InMemoryClaims _claims;
    private readonly InMemoryRouting _routing;

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
        _claims = new InMemoryClaims(_state);
        _routing = new InMemoryRouting(_state, _families);
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
    /// Whether the queue's workers may be asleep before a task is added: nothing of it is Pending that
    /// every silo may claim (tasks waiting for one silo, or for none, keep no other silo busy), or the
    /// task is due (<paramref name="runAt"/>) before every scheduled task it holds.
    /// </summary>
    internal static bool MayBeIdle(QueueState queue, DateTimeOffset? runAt)
    {
        if (runAt is not { } due) return queue.Ready.Count == 0 && !queue.Lanes.AnyForEverySilo;
        return queue.Scheduled.Count == 0 || due.ToUnixTimeMilliseconds() < queue.Scheduled.Min.DueMs;
    }

    /// <inheritdoc />
    public Task<ClaimBatch> ClaimAsync(string queueName, string siloId, int max, CancellationToken cancellationToken = default) =>
        ClaimAsync(new ClaimRequest(queueName, siloId, max), cancellationToken);

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
    public Task<int> PromoteDueAsync(string queueName, CancellationToken cancellationToken = default) => Task.FromResult(_claims.Promote(queueName));

    /// <summary>The error of a task failed as poison; the Redis store's requeue script words it the same.</summary>
    internal static string PoisonError(string taskId, int failovers, string siloId, int maxFailovers) =>
        $"Task '{taskId}' is poison: the silos running it died {failovers} times (last '{siloId}'), more than MaxFailovers ({maxFailovers}).";

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

    /// <inheritdoc />
    public Task<ClaimBatch> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) => Task.FromResult(_claims.Claim(request));

    /// <inheritdoc />
    public Task<long> AdvanceRoundRobinAsync(string queue, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(_routing.AdvanceRoundRobin(queue, count));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue, CancellationToken cancellationToken = default) =>
        Task.FromResult(_routing.ListRoutedSilos(queue));

    /// <inheritdoc />
    public Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(_routing.ListRouted(queue, silo, max));

    /// <inheritdoc />
    public Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken = default) =>
        Task.FromResult(Told(_routing.Reroute(queue, moves)));

    /// <inheritdoc />
    public Task SetQueueRoutingAsync(string queue, TaskRouting? routing, CancellationToken cancellationToken = default)
    {
        _routing.SetQueueRouting(queue, routing);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TaskRouting?> GetQueueRoutingAsync(string queue, CancellationToken cancellationToken = default) =>
        Task.FromResult(_routing.GetQueueRouting(queue));
}
