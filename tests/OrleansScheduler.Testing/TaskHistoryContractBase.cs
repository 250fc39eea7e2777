using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What the history, limits, stats and retention suites share: besides the fake clock, a store can
/// be built with small <see cref="HistoryLimits"/> so trimming shows after a handful of writes.
/// </summary>
public abstract class TaskHistoryContractBase : TaskStoreContractBase
{
    /// <summary>A fresh, empty store that reads time from <paramref name="clock"/> and keeps history within <paramref name="history"/>.</summary>
    protected abstract Task<ITaskStore> CreateStoreAsync(TimeProvider clock, HistoryLimits history);

    /// <inheritdoc />
    protected sealed override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => CreateStoreAsync(clock, HistoryLimits.Default);

    protected Task<ITaskStore> NewStore(HistoryLimits history) => CreateStoreAsync(Clock, history);

    protected static Task<IReadOnlyList<OutcomeResult>> Complete(ITaskStore store, ClaimedTask task, string result = "null") =>
        store.CompleteAsync([new TaskCompletion(task.Id, task.Queue, task.Token, result)]);

    protected static Task<IReadOnlyList<OutcomeResult>> Fail(ITaskStore store, ClaimedTask task, string error = "boom", bool retryable = true) =>
        store.FailAsync([new TaskFailure(task.Id, task.Queue, task.Token, error, retryable)]);

    /// <summary>Every event the queue's stream keeps, oldest first.</summary>
    protected static Task<IReadOnlyList<TaskEvent>> AllEvents(ITaskStore store, string queue = "default") =>
        store.ReadEventsAsync(queue, null, 10_000);

    /// <summary>An event id as numbers, to compare ids the way the stream orders them.</summary>
    protected static (long Ms, long Seq) ParseEventId(string id)
    {
        var parts = id.Split('-');
        Assert.True(parts.Length == 2 && long.TryParse(parts[0], out _) && long.TryParse(parts[1], out _), $"event id '{id}' is not <ms>-<seq>");
        return (long.Parse(parts[0]), long.Parse(parts[1]));
    }
}
