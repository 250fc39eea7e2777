using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// One queue inside <see cref="InMemoryTaskStore"/>, the same shape as the Redis keys: ready (by
/// priority, then sequence) with the routing lanes beside it, scheduled (by due time), running (by
/// deadline), finished (by finish time, for the retention sweep), every id in order for listing, exact
/// counts per state, and the queue's pause, limits, default routing, requeued silos, rate bucket,
/// throughput and event stream. Every state change of a task
/// goes through here so the indexes and counts cannot drift. Only touched under the store's lock.
/// </summary>
internal sealed class QueueState(string name, HistoryLimits history)
{
    private readonly long[] _counts = new long[Enum.GetValues<TaskState>().Length];

    public string Name { get; } = name;

    /// <summary>The shared ready set: Pending tasks that any silo may claim, with no routing to check.</summary>
    public SortedSet<(long Score, string Id)> Ready { get; } = new();

    /// <summary>The Pending tasks that wait for a silo or that a silo filters at claim (<see cref="StoredTask.WaitsInLane"/>).</summary>
    public RoutingLanes Lanes { get; } = new();

    public SortedSet<(long DueMs, string Id)> Scheduled { get; } = new();
    public SortedSet<(long DeadlineMs, string Id)> Running { get; } = new();
    public SortedSet<(long FinishedMs, string Id)> Finished { get; } = new();
    public SortedSet<string> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>The Waiting tasks (parents and workflow nodes), as the Redis store's <c>waiting</c> set.</summary>
    public HashSet<string> Waiting { get; } = new(StringComparer.Ordinal);
    public long Sequence { get; set; }

    /// <summary>While true, claims hand out nothing from this queue.</summary>
    public bool Paused { get; set; }

    /// <summary>The limits every claim obeys.</summary>
    public QueueLimits Limits { get; set; } = QueueLimits.None;

    /// <summary>The routing the router gives tasks submitted without one; null for none.</summary>
    public TaskRouting? DefaultRouting { get; set; }

    /// <summary>The silos whose work a failover requeued here, with when: their claims are refused.</summary>
    public Dictionary<string, DateTimeOffset> RequeuedSilos { get; } = new(StringComparer.Ordinal);

    /// <summary>What recent claim request ids claimed here, so a retried claim gets its tasks back.</summary>
    public ClaimRequestMemory ClaimRequests { get; } = new();

    public RateBucket Bucket { get; } = new();
    public ThroughputCounter Throughput { get; } = new();
    public QueueEventLog Events { get; } = new(history.EventStreamLength);

    /// <summary>How many of the queue's tasks are in <paramref name="state"/> now.</summary>
    public long Count(TaskState state) => _counts[(int)state];

    /// <summary>
    /// The ready-set score: priority first (higher first), then submission order. The same
    /// formula as the Redis store's, which keeps it exact in a double.
    /// </summary>
    public long NextReadyScore(int priority) => ((long)(TaskLimits.MaxPriority - priority) << 42) + ++Sequence;

    /// <summary>Adds a new task: Scheduled when <paramref name="runAt"/> is ahead of <paramref name="now"/>, Pending otherwise.</summary>
    public void Store(StoredTask task, DateTimeOffset? runAt, DateTimeOffset now)
    {
        Ids.Add(task.Id);
        if (runAt is { } due && due > now) Schedule(task, due);
        else MakeReady(task, now);
    }

    /// <summary>Adds a new task that waits (Waiting) for its children or its workflow.</summary>
    public void StoreWaiting(StoredTask task)
    {
        Ids.Add(task.Id);
        SetState(task, TaskState.Waiting);
    }

    /// <summary>Makes a task that is in no index (it ran, or it was Paused or finished) Waiting.</summary>
    public void Hold(StoredTask task) => SetState(task, TaskState.Waiting);

    /// <summary>Makes a Waiting task ready: Scheduled while its run-at is ahead of <paramref name="now"/>, else Pending.</summary>
    public void Unblock(StoredTask task, DateTimeOffset now)
    {
        if (task.RunAt is { } runAt && runAt > now) Schedule(task, runAt);
        else MakeReady(task, now);
    }

    /// <summary>
    /// Makes the task Pending at the back of its priority, in the shared ready set or in its routing lane:
    /// every path to Pending comes here, so each obeys the lane rule.
    /// </summary>
    public void MakeReady(StoredTask task, DateTimeOffset now)
    {
        SetState(task, TaskState.Pending);
        task.ReadyScore = NextReadyScore(task.Spec.Priority);
        Enter(task, now);
    }

    /// <summary>Moves a Pending task to the lane of <paramref name="routedTo"/> (a silo, NoSilo or null), keeping its place in order; it waits anew from <paramref name="now"/>.</summary>
    public void Reroute(StoredTask task, string? routedTo, DateTimeOffset now)
    {
        LeaveWaiting(task);
        task.RoutedTo = routedTo;
        Enter(task, now);
    }

    private void Enter(StoredTask task, DateTimeOffset now)
    {
        // A silo this queue requeued is dead: nothing routed to it may wait for it, or nobody would ever claim it.
        if (task.RoutedTo is { } silo && silo != TaskRouting.NoSilo && RequeuedSilos.ContainsKey(silo)) task.RoutedTo = TaskRouting.NoSilo;
        task.RoutedSince = now;
        if (task.WaitsInLane) Lanes.Add(task);
        else Ready.Add((task.ReadyScore, task.Id));
    }

    /// <summary>Makes the task Scheduled, due at <paramref name="runAt"/>.</summary>
    public void Schedule(StoredTask task, DateTimeOffset runAt)
    {
        SetState(task, TaskState.Scheduled);
        task.RunAt = runAt;
        Scheduled.Add((runAt.ToUnixTimeMilliseconds(), task.Id));
    }

    /// <summary>Makes a task taken out of its ready set or lane Running until its deadline.</summary>
    public void Start(StoredTask task)
    {
        SetState(task, TaskState.Running);
        Running.Add((task.Deadline.ToUnixTimeMilliseconds(), task.Id));
    }

    /// <summary>Holds a Pending or Scheduled task back.</summary>
    public void Pause(StoredTask task)
    {
        LeaveWaiting(task);
        SetState(task, TaskState.Paused);
    }

    /// <summary>Ends the task in a terminal <paramref name="state"/> at <paramref name="now"/>; counts it in the throughput.</summary>
    public void Finish(StoredTask task, TaskState state, DateTimeOffset now)
    {
        task.FinishedAt = now;
        SetState(task, state);
        if (state == TaskState.Succeeded) Throughput.Succeeded(now);
        else if (state == TaskState.Failed) Throughput.Failed(now);
    }

    /// <summary>Takes a Pending or Scheduled task out of its ready set, lane or scheduled index (nothing to do in other states).</summary>
    public void LeaveWaiting(StoredTask task)
    {
        if (task.State == TaskState.Pending && task.WaitsInLane) Lanes.Remove(task);
        else if (task.State == TaskState.Pending) Ready.Remove((task.ReadyScore, task.Id));
        else if (task.State == TaskState.Scheduled) Scheduled.Remove((task.RunAt!.Value.ToUnixTimeMilliseconds(), task.Id));
    }

    /// <summary>Takes a Running task out of the deadline index.</summary>
    public void LeaveRunning(StoredTask task) => Running.Remove((task.Deadline.ToUnixTimeMilliseconds(), task.Id));

    /// <summary>Takes a task that is not Running out of every index and count.</summary>
    public void Remove(StoredTask task)
    {
        LeaveWaiting(task);
        if (task.State.IsTerminal()) Finished.Remove((task.FinishedAt!.Value.ToUnixTimeMilliseconds(), task.Id));
        Waiting.Remove(task.Id);
        _counts[(int)task.State]--;
        Ids.Remove(task.Id);
    }

    /// <summary>Appends the event of a transition <paramref name="task"/> just made (To is its state now, or none once deleted).</summary>
    public void Record(StoredTask task, string type, TaskState? from, DateTimeOffset now, string? silo = null, string? error = null, int? progress = null) =>
        Events.Append(new TaskEvent
        {
            Id = "",
            TaskId = task.Id,
            Queue = Name,
            Type = type,
            From = from,
            To = type == TaskEventTypes.Deleted ? null : task.State,
            Silo = silo,
            Attempt = task.Attempt,
            Time = now,
            Error = error,
            Progress = progress,
        }, now);

    /// <summary>The ids after <paramref name="lastId"/>, in order: the next page of a listing.</summary>
    public IEnumerable<string> IdsAfter(string lastId)
    {
        if (Ids.Max is not { } max || string.CompareOrdinal(max, lastId) <= 0) return [];
        return Ids.GetViewBetween(lastId, max).Where(id => id != lastId);
    }

    /// <summary>Moves the task's count (its key's running count, and its finished-index entry, keyed by its finish time) to <paramref name="state"/>.</summary>
    private void SetState(StoredTask task, TaskState state)
    {
        if (task.Indexed)
        {
            _counts[(int)task.State]--;
            if (task.State == TaskState.Running) Lanes.CountRunning(task, -1);
            if (task.State.IsTerminal()) Finished.Remove((task.FinishedAt!.Value.ToUnixTimeMilliseconds(), task.Id));
            if (task.State == TaskState.Waiting) Waiting.Remove(task.Id);
        }
        if (state == TaskState.Waiting) Waiting.Add(task.Id);
        task.State = state;
        task.Indexed = true;
        _counts[(int)state]++;
        if (state == TaskState.Running) Lanes.CountRunning(task, +1);
        if (state.IsTerminal()) Finished.Add((task.FinishedAt!.Value.ToUnixTimeMilliseconds(), task.Id));
    }
}
