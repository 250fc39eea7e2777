using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>What the family and workflow-node contract suites share: small specs and the steps that drive a store.</summary>
public abstract class TaskFamilyContractBase : TaskStoreContractBase
{
    protected static TaskSubmission Child(string queue = "default", int n = 0) =>
        new() { Type = "square", Queue = queue, Payload = $"{{\"n\":{n}}}" };

    protected static TaskSubmission Join(string queue = "default") => new() { Type = "sum", Queue = queue, Payload = "{}" };

    /// <summary>Claims the one ready task of <paramref name="queue"/> and completes it with <paramref name="result"/>.</summary>
    protected static async Task<ClaimedTask> RunOne(ITaskStore store, string queue, string result = "1")
    {
        var claimed = Assert.Single((await store.ClaimAsync(queue, Silo, 1)).Tasks);
        Assert.Equal([OutcomeResult.Accepted], await store.CompleteAsync([new TaskCompletion(claimed.Id, queue, claimed.Token, result)]));
        return claimed;
    }

    protected static async Task<ClaimedTask> ClaimById(ITaskStore store, string queue, string id)
    {
        var batch = await store.ClaimAsync(queue, Silo, 100);
        var claimed = Assert.Single(batch.Tasks, t => t.Id == id);
        var others = batch.Tasks.Where(t => t.Id != id).Select(t => new TaskRelease(t.Id, t.Queue, t.Token)).ToList();
        if (others.Count > 0) await store.ReleaseAsync(others);
        return claimed;
    }

    protected static async Task<TaskState> StatusOf(ITaskStore store, string id) => (await store.GetAsync(id))!.Status;
}
