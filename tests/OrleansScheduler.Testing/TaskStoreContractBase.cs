using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>What the task store contract suites share: a fresh store per test on a fake clock, and small helpers.</summary>
public abstract class TaskStoreContractBase
{
    protected const string Silo = "silo-a";
    protected FakeTimeProvider Clock { get; } = TestClock.Create();

    /// <summary>
    /// Whether a batch that spans queues is stored all or nothing as a whole. On a Redis Cluster (queues on different nodes)
    /// it is all or nothing per queue: a queue that refuses its share leaves the other queues' shares stored.
    /// </summary>
    protected virtual bool CrossQueueBatchesAtomic => true;

    /// <summary>A fresh, empty store that reads time from <paramref name="clock"/>.</summary>
    protected abstract Task<ITaskStore> CreateStoreAsync(TimeProvider clock);

    protected Task<ITaskStore> NewStore() => CreateStoreAsync(Clock);

    protected static TaskSubmission Echo(string queue = "default", int priority = 0, string? id = null) =>
        new() { Type = "echo", Queue = queue, Priority = priority, Payload = "{\"n\":1}", Id = id };

    protected async Task<ClaimedTask> SubmitAndClaimOne(ITaskStore store, TaskSubmission? spec = null)
    {
        await store.SubmitAsync([spec ?? Echo()]);
        var batch = await store.ClaimAsync((spec ?? Echo()).Queue, Silo, 1);
        return Assert.Single(batch.Tasks);
    }
}
