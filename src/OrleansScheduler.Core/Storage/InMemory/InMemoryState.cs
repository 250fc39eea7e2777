using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// Everything the in-memory store holds, shared by the parts it is split into (transitions,
/// management, queue administration, history). One lock guards all of it, so every transition is
/// atomic the way one Lua script is in Redis.
/// </summary>
internal sealed class InMemoryState(TimeProvider clock, HistoryLimits history)
{
    public Lock Gate { get; } = new();
    public HistoryLimits History { get; } = history;
    public Dictionary<string, StoredTask> Tasks { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, QueueState> Queues { get; } = new(StringComparer.Ordinal);
    public IdempotencyKeys IdempotencyKeys { get; } = new();

    /// <summary>Each queue's round-robin cursor; apart from the queues, so advancing it creates no queue.</summary>
    public Dictionary<string, long> RoundRobin { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues where transitions released parents, told to the listeners once the lock is let go.</summary>
    public HashSet<string> ReadyQueues { get; } = new(StringComparer.Ordinal);

    /// <summary>Workflow nodes that finished, told to the listeners once the lock is let go (kept when a listener throws).</summary>
    public List<Families.FinishedNode> FinishedNodes { get; } = [];

    /// <summary>Running children a cascade canceled, told to the listeners once the lock is let go.</summary>
    public List<Families.CanceledAttempt> CanceledAttempts { get; } = [];

    /// <summary>Times are kept to the millisecond, as the Redis store keeps them, so both stores compare due times alike.</summary>
    public DateTimeOffset Now() => Truncate(clock.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>Throws unless <paramref name="queue"/> is a valid queue name.</summary>
    public static void ThrowIfInvalidQueue(string queue)
    {
        if (!TaskLimits.IsValidQueue(queue)) throw new ArgumentException($"Queue '{queue}' must match {TaskLimits.QueuePattern}.", nameof(queue));
    }

    public QueueState QueueOf(StoredTask task) => Queues[task.Spec.Queue];

    /// <summary>The queue, created (and so listed) if it did not exist.</summary>
    public QueueState Queue(string name)
    {
        if (!Queues.TryGetValue(name, out var queue)) Queues[name] = queue = new QueueState(name, History);
        return queue;
    }

    /// <summary>The task, if the operation is allowed in its state; otherwise the exception that says why not.</summary>
    public StoredTask Find(string id, string operation, params TaskState[] allowed)
    {
        if (!Tasks.TryGetValue(id, out var task)) throw new TaskNotFoundException(id);
        if (!allowed.Contains(task.State)) throw new TaskStateConflictException(task.Spec.Queue, id, operation, allowed, task.State);
        return task;
    }

    /// <summary>Whether <paramref name="token"/> is the current attempt of a Running task.</summary>
    public OutcomeResult CheckAttempt(string id, long token, out StoredTask? task)
    {
        if (!Tasks.TryGetValue(id, out task)) return OutcomeResult.NotFound;
        if (task.State != TaskState.Running) return OutcomeResult.NotRunning;
        return task.Token == token ? OutcomeResult.Accepted : OutcomeResult.StaleToken;
    }

    /// <summary>
    /// As <see cref="CheckAttempt"/>, but a task that <paramref name="recorded"/> says already shows this very outcome
    /// of the attempt with <paramref name="token"/> gives <see cref="OutcomeResult.AlreadyRecorded"/>: a retry after a lost reply.
    /// </summary>
    public OutcomeResult CheckOutcome(string id, long token, Func<StoredTask, bool> recorded, out StoredTask? task)
    {
        var result = CheckAttempt(id, token, out task);
        return result == OutcomeResult.NotRunning && recorded(task!) ? OutcomeResult.AlreadyRecorded : result;
    }

    /// <summary>Removes a task that is not Running, with its history and idempotency key.</summary>
    public void Remove(StoredTask task)
    {
        QueueOf(task).Remove(task);
        Tasks.Remove(task.Id);
        IdempotencyKeys.Forget(task.Spec, task.Id);
    }

}
