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
    private readonly Subscribers _wakeUps = new();
    private readonly Subscribers _cancellations = new();
    private readonly IdempotencyKeys _idempotencyKeys = new();

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
                if (_idempotencyKeys.Find(tasks[i], now) is { } existing) ids[i] = existing;
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
                _idempotencyKeys.Remember(spec, task.Id, now);
                if (spec.RunAt is { } runAt && Truncate(runAt) > now) queue.Schedule(task, Truncate(runAt));
                else queue.MakeReady(task);
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
            if (!_queues.TryGetValue(queueName, out var queue) || queue.Paused) return Task.FromResult(ClaimBatch.Empty);
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
                QueueOf(task!).LeaveRunning(task!);
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
                QueueOf(task!).LeaveRunning(task!);
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
                QueueOf(task).LeaveRunning(task);
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
                    QueueOf(task).LeaveRunning(task);
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
                var ids = hasCursor && name == cursor.Queue ? queue.IdsAfter(cursor.LastId) : queue.Ids;
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
                QueueOf(task).LeaveRunning(task);
                task.Token++; // the handler's outcome must lose
                owner = task.Silo;
            }
            else
            {
                QueueOf(task).LeaveWaiting(task);
            }
            task.State = TaskState.Canceled;
            task.FinishedAt = now;
            record = task.ToRecord();
        }
        if (owner is not null) _cancellations.Notify(owner, id);
        return Task.FromResult(record);
    }

    /// <inheritdoc />
    public Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var task = Find(id, "pause", TaskState.Pending, TaskState.Scheduled);
            QueueOf(task).LeaveWaiting(task);
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
            var queue = QueueOf(task);
            if (task.RunAt is { } runAt && runAt > now) queue.Schedule(task, runAt);
            else queue.MakeReady(task);
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
            QueueOf(task).MakeReady(task);
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
            QueueOf(task).LeaveWaiting(task);
            _tasks.Remove(id);
            QueueOf(task).Ids.Remove(id);
            _idempotencyKeys.Forget(task.Spec, id);
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
    public Task<IAsyncDisposable> SubscribeToCancellationsAsync(string siloId, Action<string> onCanceled, CancellationToken cancellationToken = default) =>
        Task.FromResult(_cancellations.Subscribe(siloId, onCanceled));

    /// <inheritdoc />
    public Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default)
    {
        if (!TaskLimits.IsValidQueue(queue)) throw new ArgumentException($"Queue '{queue}' must match {TaskLimits.QueuePattern}.", nameof(queue));
        lock (_gate) Queue(queue).Paused = paused;
        if (!paused) Wake(queue);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<string>>([.. _queues.Where(q => q.Value.Paused).Select(q => q.Key)]);
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
    public Task<IAsyncDisposable> SubscribeToWorkAsync(string queueName, Action onWork, CancellationToken cancellationToken = default) =>
        // Subscribing does not create the queue: only a submission does, as in the Redis store.
        Task.FromResult(_wakeUps.Subscribe(queueName, _ => onWork()));

    /// <summary>The task, if the operation is allowed in its state; otherwise the exception that says why not.</summary>
    private StoredTask Find(string id, string operation, params TaskState[] allowed)
    {
        if (!_tasks.TryGetValue(id, out var task)) throw new TaskNotFoundException(id);
        if (!allowed.Contains(task.State)) throw new TaskStateConflictException(task.Spec.Queue, id, operation, allowed, task.State);
        return task;
    }

    /// <summary>Times are kept to the millisecond, as the Redis store keeps them, so both stores compare due times alike.</summary>
    private DateTimeOffset Now() => Truncate(clock.GetUtcNow());

    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private QueueState QueueOf(StoredTask task) => _queues[task.Spec.Queue];

    private QueueState Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var queue)) _queues[name] = queue = new QueueState();
        return queue;
    }

    private int PromoteDue(QueueState queue, long nowMs)
    {
        int n = 0;
        for (; n < PromoteLimit && queue.Scheduled.Count > 0 && queue.Scheduled.Min.DueMs <= nowMs; n++)
        {
            var due = queue.Scheduled.Min;
            queue.Scheduled.Remove(due);
            queue.MakeReady(_tasks[due.Id]);
        }
        return n;
    }

    /// <summary>Back to Pending without counting the attempt; the token bump fences off the handler still running.</summary>
    private void HandBack(StoredTask task)
    {
        QueueOf(task).LeaveRunning(task);
        task.Token++;
        task.Attempt--;
        QueueOf(task).MakeReady(task);
    }

    private OutcomeResult CheckAttempt(string id, long token, out StoredTask? task)
    {
        if (!_tasks.TryGetValue(id, out task)) return OutcomeResult.NotFound;
        if (task.State != TaskState.Running) return OutcomeResult.NotRunning;
        return task.Token == token ? OutcomeResult.Accepted : OutcomeResult.StaleToken;
    }

    /// <summary>Schedules a retry (returns true) or ends the task Failed.</summary>
    private bool FailAttempt(StoredTask task, string error, bool retryable, DateTimeOffset now)
    {
        task.Error = error;
        if (retryable && task.Attempt < task.Spec.MaxAttempts)
        {
            QueueOf(task).Schedule(task, now + RetryBackoff.Delay(task.Attempt, task.Spec.Backoff, Random.Shared.NextDouble()));
            return true;
        }
        task.State = TaskState.Failed;
        task.FinishedAt = now;
        return false;
    }

    private void Wake(string queueName) => _wakeUps.Notify(queueName, queueName);


    // --- history, limits, stats, retention: implemented in the next commits ---
    /// <inheritdoc />
    public Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <inheritdoc />
    public Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
