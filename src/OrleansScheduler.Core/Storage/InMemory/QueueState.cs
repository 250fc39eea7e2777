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

    /// <summary>
    /// The ready-set score: priority first (higher first), then submission order. The same
    /// formula as the Redis store's, which keeps it exact in a double.
    /// </summary>
    public long NextReadyScore(int priority) =>
        ((long)(Tasks.TaskLimits.MaxPriority - priority) << 42) + ++Sequence;
}
