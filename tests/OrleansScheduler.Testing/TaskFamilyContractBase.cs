using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>What the family and workflow-node contract suites share: small specs and the steps that drive a store.</summary>
public abstract class TaskFamilyContractBase : TaskStoreContractBase
{
    /// <summary>
    /// Whether a family may have children in other queues than its parent, stored with it in one atomic step. A Redis
    /// Cluster cannot (its queues are on different nodes) and refuses such a family with an ArgumentException naming the queues.
    /// </summary>
    protected virtual bool CrossQueueFamilies => true;

    /// <summary>
    /// Submits <paramref name="family"/>, whose children are in other queues than its parent's. Where the store refuses such
    /// families (<see cref="CrossQueueFamilies"/> false) it asserts the refusal names those queues and stored nothing, and returns null.
    /// </summary>
    protected async Task<SubmittedFamily?> SubmitAcrossQueues(ITaskStore store, FamilySubmission family)
    {
        if (CrossQueueFamilies) return await store.SubmitFamilyAsync(family);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitFamilyAsync(family));
        var others = family.Children.Select(c => c.Queue).Where(q => q != family.Join.Queue).Distinct().ToList();
        Assert.NotEmpty(others);
        foreach (string queue in others) Assert.Contains($"'{queue}'", refused.Message);
        foreach (string queue in others.Append(family.Join.Queue)) Assert.Equal(0, (await store.GetQueueStatsAsync(queue)).Counts.Values.Sum());
        return null;
    }

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
