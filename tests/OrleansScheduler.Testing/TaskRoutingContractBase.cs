using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>What the routing contract suites share: two silos, small routed specs and the steps that claim and end them.</summary>
public abstract class TaskRoutingContractBase : TaskFamilyContractBase
{
    protected const string A = Silo, B = "silo-b";

    protected static TaskSubmission To(string silo, int priority = 0) =>
        Echo(priority: priority) with { Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "worker" }, RoutedTo = silo };

    protected static TaskSubmission Costing(int cost, int priority = 0) => Echo(priority: priority) with { Routing = new TaskRouting { Cost = cost } };

    protected static TaskSubmission Keyed(string key, int? limit = null, int priority = 0) =>
        Echo(priority: priority) with { Routing = new TaskRouting { ConcurrencyKey = key, MaxConcurrent = limit } };

    protected static ClaimRequest By(string silo, int max = 10) => new("default", silo, max);

    protected static async Task<IReadOnlyList<string>> Claim(ITaskStore store, ClaimRequest request) =>
        [.. (await store.ClaimAsync(request)).Tasks.Select(t => t.Id)];

    protected static async Task<IReadOnlyList<string>> Lane(ITaskStore store, string silo) =>
        [.. (await store.ListRoutedAsync("default", silo, 100)).Select(t => t.Id)];

    protected static Task Complete(ITaskStore store, ClaimedTask task) => store.CompleteAsync([new TaskCompletion(task.Id, task.Queue, task.Token, "null")]);

    protected static Task Fail(ITaskStore store, ClaimedTask task, bool retryable) =>
        store.FailAsync([new TaskFailure(task.Id, task.Queue, task.Token, "boom", retryable)]);
}
