namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// One queue's indexes inside <see cref="InMemoryTaskStore"/>, the same shape as the Redis keys:
/// ready (by priority, then sequence), scheduled (by due time), running (by deadline), and every
/// id in order for listing. Only touched under the store's lock.
/// </summary>
internal sealed class QueueState
{
    public SortedSet<(long Score, string Id)> Ready { get; } = new();
    public SortedSet<(long DueMs, string Id)> Scheduled { get; } = new();
    public SortedSet<(long DeadlineMs, string Id)> Running { get; } = new();
    public SortedSet<string> Ids { get; } = new(StringComparer.Ordinal);
    public long Sequence { get; set; }

    /// <summary>While true, claims hand out nothing from this queue.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// The ready-set score: priority first (higher first), then submission order. The same
    /// formula as the Redis store's, which keeps it exact in a double.
    /// </summary>
    public long NextReadyScore(int priority) =>
        ((long)(Tasks.TaskLimits.MaxPriority - priority) << 42) + ++Sequence;

    /// <summary>Makes the task Pending at the back of its priority.</summary>
    public void MakeReady(StoredTask task)
    {
        task.State = Tasks.TaskState.Pending;
        task.ReadyScore = NextReadyScore(task.Spec.Priority);
        Ready.Add((task.ReadyScore, task.Id));
    }

    /// <summary>Makes the task Scheduled, due at <paramref name="runAt"/>.</summary>
    public void Schedule(StoredTask task, DateTimeOffset runAt)
    {
        task.State = Tasks.TaskState.Scheduled;
        task.RunAt = runAt;
        Scheduled.Add((runAt.ToUnixTimeMilliseconds(), task.Id));
    }

    /// <summary>Takes a Pending or Scheduled task out of the ready or scheduled index (nothing to do in other states).</summary>
    public void LeaveWaiting(StoredTask task)
    {
        if (task.State == Tasks.TaskState.Pending) Ready.Remove((task.ReadyScore, task.Id));
        else if (task.State == Tasks.TaskState.Scheduled) Scheduled.Remove((task.RunAt!.Value.ToUnixTimeMilliseconds(), task.Id));
    }

    /// <summary>Takes a Running task out of the deadline index.</summary>
    public void LeaveRunning(StoredTask task) => Running.Remove((task.Deadline.ToUnixTimeMilliseconds(), task.Id));

    /// <summary>The ids after <paramref name="lastId"/>, in order: the next page of a listing.</summary>
    public IEnumerable<string> IdsAfter(string lastId)
    {
        if (Ids.Max is not { } max || string.CompareOrdinal(max, lastId) <= 0) return [];
        return Ids.GetViewBetween(lastId, max).Where(id => id != lastId);
    }
}
