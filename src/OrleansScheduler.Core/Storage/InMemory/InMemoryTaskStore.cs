using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// The embedded store: every task in this process's memory, with the same semantics as the Redis
/// store (the contract suite runs against both). One lock makes every transition atomic, the way
/// one Lua script does in Redis. Several silos in one process may share one instance.
/// </summary>
public sealed class InMemoryTaskStore(TimeProvider clock, int maxPayloadBytes = TaskLimits.DefaultMaxPayloadBytes) : ITaskStore
{
    /// <summary>How many due scheduled tasks one claim promotes at most, as in the Redis claim script.</summary>
    private const int PromoteLimit = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredTask> _tasks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, QueueState> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action>> _subscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<string>>> _cancelSubscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Queue, string Key), (string Id, string Fingerprint, DateTimeOffset Until)> _idempotencyKeys = [];

    /// <summary>A store on the system clock.</summary>
    public InMemoryTaskStore() : this(TimeProvider.System) { }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default)
    {
        var now = Now();
        SubmissionGuard.ThrowIfInvalid(tasks, now, maxPayloadBytes);
        var ids = new string[tasks.Count];
        var wake = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            // Check everything first: a refused batch stores nothing.
            for (int i = 0; i < tasks.Count; i++)
            {
                if (KnownIdempotentTask(tasks[i], now) is { } existing) ids[i] = existing;
                else if (tasks[i].Id is { } taken && _tasks.TryGetValue(taken, out var other))
                    throw new TaskAlreadyExistsException(taken, other.Spec.Queue);
            }
            for (int i = 0; i < tasks.Count; i++)
            {
                if (ids[i] is not null) continue;
                var spec = tasks[i];
                var task = new StoredTask(spec.Id ?? TaskId.New(now), spec, now);
                var queue = Queue(spec.Queue);
                _tasks.Add(task.Id, task);
                queue.Ids.Add(task.Id);
                if (spec.IdempotencyKey is { } key)
                    _idempotencyKeys[(spec.Queue, key)] = (task.Id, Fingerprint(spec), now + TaskLimits.DefaultIdempotencyWindow);
                if (spec.RunAt is { } runAt && Truncate(runAt) > now)
                {
                    task.State = TaskState.Scheduled;
                    task.RunAt = Truncate(runAt);
                    queue.Scheduled.Add((runAt.ToUnixTimeMilliseconds(), task.Id));
                }
                else
                {
                    MakeReady(queue, task);
                }
                wake.Add(spec.Queue);
                ids[i] = task.Id;
            }
        }
        foreach (var queue in wake) Wake(queue);
        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    /// <inheritdoc />
    public Task<ClaimBatch> ClaimAsync(string queueName, string siloId, int max, CancellationToken cancellationToken = default)
    {
        var now = Now();
        long nowMs = now.ToUnixTimeMilliseconds();
        var claimed = new List<ClaimedTask>(Math.Min(max, 256));
        lock (_gate)
        {
            if (!_queues.TryGetValue(queueName, out var queue)) return Task.FromResult(ClaimBatch.Empty);
            PromoteDue(queue, nowMs);
            while (claimed.Count < max && queue.Ready.Count > 0)
            {
                var entry = queue.Ready.Min;
                queue.Ready.Remove(entry);
                var task = _tasks[entry.Id];
                task.State = TaskState.Running;
                task.Attempt++;
                task.Token++;
                task.Silo = siloId;
                task.StartedAt = now;
                task.Deadline = now + task.Spec.Timeout;
                queue.Running.Add((task.Deadline.ToUnixTimeMilliseconds(), task.Id));
                claimed.Add(new ClaimedTask(task.Id, queueName, task.Spec.Type, task.Spec.Payload, task.Attempt,
                    task.Spec.MaxAttempts, task.Token, task.Spec.Timeout, task.Deadline));
            }
            DateTimeOffset? nextDue = queue.Scheduled.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(queue.Scheduled.Min.DueMs) : null;
            return Task.FromResult(new ClaimBatch(claimed, nextDue));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var results = new OutcomeResult[completions.Count];
        lock (_gate)
        {
            for (int i = 0; i < completions.Count; i++)
            {
                var c = completions[i];
                results[i] = CheckAttempt(c.Id, c.Token, out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                LeaveRunning(task!);
                task!.State = TaskState.Succeeded;
                task.Result = c.Result;
                task.FinishedAt = now;
            }
        }
        return Task.FromResult<IReadOnlyList<OutcomeResult>>(results);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var results = new OutcomeResult[failures.Count];
        var wake = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (int i = 0; i < failures.Count; i++)
            {
                var f = failures[i];
                results[i] = CheckAttempt(f.Id, f.Token, out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                LeaveRunning(task!);
                if (FailAttempt(task!, f.Error, f.Retryable, now)) wake.Add(task!.Spec.Queue);
            }
        }
        foreach (var queue in wake) Wake(queue);
        return Task.FromResult<IReadOnlyList<OutcomeResult>>(results);
    }

    /// <inheritdoc />
    public Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var result = CheckAttempt(progress.Id, progress.Token, out var task);
            if (result == OutcomeResult.Accepted)
            {
                task!.Progress = progress.Percent;
                task.ProgressMessage = progress.Message;
            }
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<int> ExpireAttemptsAsync(string queueName, CancellationToken cancellationToken = default)
    {
        var now = Now();
        long nowMs = now.ToUnixTimeMilliseconds();
        int expired = 0;
        bool retried = false;
        lock (_gate)
        {
            if (!_queues.TryGetValue(queueName, out var queue)) return Task.FromResult(0);
            while (queue.Running.Count > 0 && queue.Running.Min.DeadlineMs <= nowMs)
            {
                var task = _tasks[queue.Running.Min.Id];
                LeaveRunning(task);
                task.Token++; // the late worker's completion must lose
                string error = $"Attempt {task.Attempt} of task '{task.Id}' timed out after {(long)task.Spec.Timeout.TotalMilliseconds} ms.";
                retried |= FailAttempt(task, error, retryable: true, now);
                expired++;
            }
        }
        if (retried) Wake(queueName);
        return Task.FromResult(expired);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default)
    {
        var results = new OutcomeResult[releases.Count];
        var wake = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (int i = 0; i < releases.Count; i++)
            {
                var r = releases[i];
                results[i] = CheckAttempt(r.Id, r.Token, out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                HandBack(task!);
                wake.Add(task!.Spec.Queue);
            }
        }
        foreach (string queue in wake) Wake(queue);
        return Task.FromResult<IReadOnlyList<OutcomeResult>>(results);
    }

    /// <inheritdoc />
    public Task<FailoverResult> RequeueSiloTasksAsync(string queueName, string siloId, int maxFailovers, CancellationToken cancellationToken = default)
    {
        var now = Now();
        int requeued = 0, poisoned = 0;
        lock (_gate)
        {
            if (!_queues.TryGetValue(queueName, out var queue)) return Task.FromResult(default(FailoverResult));
            var orphans = queue.Running.Select(r => _tasks[r.Id]).Where(t => t.Silo == siloId).ToList();
            foreach (var task in orphans)
            {
                task.Failovers++;
                if (task.Failovers > maxFailovers)
                {
                    LeaveRunning(task);
                    task.Token++;
                    task.State = TaskState.Failed;
                    task.FinishedAt = now;
                    task.Error = PoisonError(task, siloId, maxFailovers);
                    poisoned++;
                }
                else
                {
                    HandBack(task);
                    requeued++;
                }
            }
        }
        if (requeued > 0) Wake(queueName);
        return Task.FromResult(new FailoverResult(requeued, poisoned));
    }

    /// <inheritdoc />
    public Task<int> PromoteDueAsync(string queueName, CancellationToken cancellationToken = default)
    {
        int promoted;
        lock (_gate)
        {
            if (!_queues.TryGetValue(queueName, out var queue)) return Task.FromResult(0);
            promoted = PromoteDue(queue, Now().ToUnixTimeMilliseconds());
        }
        if (promoted > 0) Wake(queueName);
        return Task.FromResult(promoted);
    }

    /// <summary>The error of a task failed as poison; the Redis store's requeue script words it the same.</summary>
    internal static string PoisonError(string taskId, int failovers, string siloId, int maxFailovers) =>
        $"Task '{taskId}' is poison: the silos running it died {failovers} times (last '{siloId}'), more than MaxFailovers ({maxFailovers}).";

    private static string PoisonError(StoredTask task, string siloId, int maxFailovers) =>
        PoisonError(task.Id, task.Failovers, siloId, maxFailovers);

    /// <inheritdoc />
    public Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_tasks.TryGetValue(id, out var task) ? task.ToRecord() : null);
        }
    }

    /// <inheritdoc />
    public Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        var start = query.Validate();
        bool hasCursor = start is not null;
        var cursor = start.GetValueOrDefault();
        var page = new List<TaskRecord>(query.Limit);
        lock (_gate)
        {
            foreach (var (name, queue) in _queues)
            {
                if (query.Queue is not null && name != query.Queue) continue;
                if (hasCursor && string.CompareOrdinal(name, cursor.Queue) < 0) continue;
                var ids = hasCursor && name == cursor.Queue ? IdsAfter(queue.Ids, cursor.LastId) : queue.Ids;
                foreach (string id in ids)
                {
                    var task = _tasks[id];
                    if (query.Status is { } status && task.State != status) continue;
                    if (query.Type is { } type && task.Spec.Type != type) continue;
                    page.Add(task.ToRecord());
                    if (page.Count == query.Limit)
                        return Task.FromResult(new TaskPage(page, new TaskCursor(name, id).Encode()));
                }
            }
        }
        return Task.FromResult(new TaskPage(page, null));
    }

    /// <inheritdoc />
    public Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = Now();
        string? owner = null;
        TaskRecord record;
        lock (_gate)
        {
            var task = Find(id, "cancel", TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Running);
            if (task.State == TaskState.Running)
            {
                LeaveRunning(task);
                task.Token++; // the handler's outcome must lose
                owner = task.Silo;
            }
            else
            {
                LeaveWaiting(task);
            }
            task.State = TaskState.Canceled;
            task.FinishedAt = now;
            record = task.ToRecord();
        }
        if (owner is not null) TellCanceled(owner, id);
        return Task.FromResult(record);
    }

    /// <inheritdoc />
    public Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var task = Find(id, "pause", TaskState.Pending, TaskState.Scheduled);
            LeaveWaiting(task);
            task.State = TaskState.Paused;
            return Task.FromResult(task.ToRecord());
        }
    }

    /// <inheritdoc />
    public Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = Now();
        TaskRecord record;
        lock (_gate)
        {
            var task = Find(id, "resume", TaskState.Paused);
            var queue = _queues[task.Spec.Queue];
            if (task.RunAt is { } runAt && runAt > now)
            {
                task.State = TaskState.Scheduled;
                queue.Scheduled.Add((runAt.ToUnixTimeMilliseconds(), task.Id));
            }
            else
            {
                MakeReady(queue, task);
            }
            record = task.ToRecord();
        }
        Wake(record.Queue);
        return Task.FromResult(record);
    }

    /// <inheritdoc />
    public Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default)
    {
        TaskRecord record;
        lock (_gate)
        {
            var task = Find(id, "retry", TaskState.Failed, TaskState.Canceled);
            task.Attempt = 0;
            task.Failovers = 0;
            task.FinishedAt = null;
            task.Result = null;
            task.Progress = null;
            task.ProgressMessage = null;
            MakeReady(_queues[task.Spec.Queue], task);
            record = task.ToRecord();
        }
        Wake(record.Queue);
        return Task.FromResult(record);
    }

    /// <inheritdoc />
    public Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var task = Find(id, "delete", TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Succeeded, TaskState.Failed, TaskState.Canceled);
            LeaveWaiting(task);
            _tasks.Remove(id);
            _queues[task.Spec.Queue].Ids.Remove(id);
            // The key goes with its task, unless a newer task took it after the window.
            if (task.Spec.IdempotencyKey is { } key && _idempotencyKeys.TryGetValue((task.Spec.Queue, key), out var known) && known.Id == id)
                _idempotencyKeys.Remove((task.Spec.Queue, key));
            return Task.FromResult(task.ToRecord());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TaskRelease>>([.. attempts.Where(a => CheckAttempt(a.Id, a.Token, out _) != OutcomeResult.Accepted)]);
        }
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeToCancellationsAsync(string siloId, Action<string> onCanceled, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_cancelSubscribers.TryGetValue(siloId, out var list)) _cancelSubscribers[siloId] = list = [];
            list.Add(onCanceled);
        }
        return Task.FromResult<IAsyncDisposable>(new Subscription(() =>
        {
            lock (_gate) _cancelSubscribers[siloId].Remove(onCanceled);
        }));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _queues.Keys]);
        }
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeToWorkAsync(string queueName, Action onWork, CancellationToken cancellationToken = default)
    {
        // Subscribing does not create the queue: only a submission does, as in the Redis store.
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(queueName, out var list)) _subscribers[queueName] = list = [];
            list.Add(onWork);
        }
        return Task.FromResult<IAsyncDisposable>(new Subscription(() =>
        {
            lock (_gate) _subscribers[queueName].Remove(onWork);
        }));
    }

    /// <summary>The task, if the operation is allowed in its state; otherwise the exception that says why not.</summary>
    private StoredTask Find(string id, string operation, params TaskState[] allowed)
    {
        if (!_tasks.TryGetValue(id, out var task)) throw new TaskNotFoundException(id);
        if (!allowed.Contains(task.State)) throw new TaskStateConflictException(task.Spec.Queue, id, operation, allowed, task.State);
        return task;
    }

    /// <summary>Takes a Pending or Scheduled task out of the ready or scheduled index (nothing to do in other states).</summary>
    private void LeaveWaiting(StoredTask task)
    {
        var queue = _queues[task.Spec.Queue];
        if (task.State == TaskState.Pending) queue.Ready.Remove((task.ReadyScore, task.Id));
        else if (task.State == TaskState.Scheduled) queue.Scheduled.Remove((task.RunAt!.Value.ToUnixTimeMilliseconds(), task.Id));
    }

    /// <summary>The id of the task a still-remembered idempotency key belongs to; throws when that task's type or payload differs.</summary>
    private string? KnownIdempotentTask(TaskSubmission spec, DateTimeOffset now)
    {
        if (spec.IdempotencyKey is not { } key || !_idempotencyKeys.TryGetValue((spec.Queue, key), out var known) || known.Until < now) return null;
        return known.Fingerprint == Fingerprint(spec) ? known.Id : throw new IdempotencyConflictException(spec.Queue, key, known.Id);
    }

    private static string Fingerprint(TaskSubmission spec) => spec.Type + "\n" + spec.Payload;

    private void TellCanceled(string siloId, string taskId)
    {
        Action<string>[] subscribers;
        lock (_gate) subscribers = _cancelSubscribers.TryGetValue(siloId, out var list) ? [.. list] : [];
        foreach (var onCanceled in subscribers) onCanceled(taskId);
    }

    private static IEnumerable<string> IdsAfter(SortedSet<string> ids, string lastId)
    {
        if (ids.Max is not { } max || string.CompareOrdinal(max, lastId) <= 0) return [];
        return ids.GetViewBetween(lastId, max).Where(id => id != lastId);
    }

    /// <summary>Times are kept to the millisecond, as the Redis store keeps them, so both stores compare due times alike.</summary>
    private DateTimeOffset Now() => Truncate(clock.GetUtcNow());

    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private QueueState Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var queue)) _queues[name] = queue = new QueueState();
        return queue;
    }

    private static void MakeReady(QueueState queue, StoredTask task)
    {
        task.State = TaskState.Pending;
        task.ReadyScore = queue.NextReadyScore(task.Spec.Priority);
        queue.Ready.Add((task.ReadyScore, task.Id));
    }

    private int PromoteDue(QueueState queue, long nowMs)
    {
        int n = 0;
        for (; n < PromoteLimit && queue.Scheduled.Count > 0 && queue.Scheduled.Min.DueMs <= nowMs; n++)
        {
            var due = queue.Scheduled.Min;
            queue.Scheduled.Remove(due);
            MakeReady(queue, _tasks[due.Id]);
        }
        return n;
    }

    /// <summary>Back to Pending without counting the attempt; the token bump fences off the handler still running.</summary>
    private void HandBack(StoredTask task)
    {
        LeaveRunning(task);
        task.Token++;
        task.Attempt--;
        MakeReady(_queues[task.Spec.Queue], task);
    }

    private OutcomeResult CheckAttempt(string id, long token, out StoredTask? task)
    {
        if (!_tasks.TryGetValue(id, out task)) return OutcomeResult.NotFound;
        if (task.State != TaskState.Running) return OutcomeResult.NotRunning;
        return task.Token == token ? OutcomeResult.Accepted : OutcomeResult.StaleToken;
    }

    private void LeaveRunning(StoredTask task) =>
        _queues[task.Spec.Queue].Running.Remove((task.Deadline.ToUnixTimeMilliseconds(), task.Id));

    /// <summary>Schedules a retry (returns true) or ends the task Failed.</summary>
    private bool FailAttempt(StoredTask task, string error, bool retryable, DateTimeOffset now)
    {
        task.Error = error;
        if (retryable && task.Attempt < task.Spec.MaxAttempts)
        {
            var runAt = now + RetryBackoff.Delay(task.Attempt, task.Spec.Backoff, Random.Shared.NextDouble());
            task.State = TaskState.Scheduled;
            task.RunAt = runAt;
            _queues[task.Spec.Queue].Scheduled.Add((runAt.ToUnixTimeMilliseconds(), task.Id));
            return true;
        }
        task.State = TaskState.Failed;
        task.FinishedAt = now;
        return false;
    }

    private void Wake(string queueName)
    {
        Action[] subscribers;
        lock (_gate) subscribers = _subscribers.TryGetValue(queueName, out var list) ? [.. list] : [];
        foreach (var onWork in subscribers) onWork();
    }

    private sealed class Subscription(Action unsubscribe) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) unsubscribe();
            return ValueTask.CompletedTask;
        }
    }
}
