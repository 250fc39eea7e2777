using System.Diagnostics;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench;

/// <summary>
/// The store alone doing a worker's job: <c>echo</c> tasks submitted in batches straight to the store
/// (<c>ITaskStore.SubmitAsync</c>), then one loop claiming up to <c>capacity</c> at a time and completing
/// them with their payload as the result (<c>ClaimAsync</c>, <c>CompleteAsync</c>, as the worker engine
/// calls them), until every task is Succeeded. No silo, no grain, no handler, no timers.
/// </summary>
public static class StoreLoopRun
{
    private const string Queue = "loop";
    private const string SiloId = "bench-store-loop";

    /// <summary>What one run measured: tasks, first submit to last completion, and this process's CPU over it.</summary>
    public sealed record Result(int Tasks, TimeSpan Elapsed, TimeSpan ProcessCpu);

    /// <summary>Runs <paramref name="tasks"/> tasks through the loop, <paramref name="capacity"/> claimed at a time.</summary>
    /// <exception cref="InvalidOperationException">A completion was refused, or the queue does not end with every task Succeeded.</exception>
    public static async Task<Result> RunAsync(BenchContext context, int tasks, int capacity, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var client = await StandaloneStore.ConnectAsync(context.Redis, prefix);
            var store = client.Store;
            var batches = TaskBatches.Echo(Queue, tasks, context.Sizes.BatchSize);

            var cpuBefore = ThroughputRun.ProcessCpu();
            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.SubmitAsync(store, batches, cancellationToken);
            int done = 0;
            while (done < tasks)
            {
                var claimed = await store.ClaimAsync(Queue, SiloId, capacity, cancellationToken);
                if (claimed.Tasks.Count == 0)
                    throw new InvalidOperationException($"Queue '{Queue}' handed out nothing after {done} of {tasks} tasks; expected the rest to be Pending.");
                var outcomes = await store.CompleteAsync([.. claimed.Tasks.Select(t => new TaskCompletion(t.Id, t.Queue, t.Token, t.Payload))], cancellationToken);
                for (int i = 0; i < outcomes.Count; i++)
                {
                    if (outcomes[i] != OutcomeResult.Accepted)
                        throw new InvalidOperationException($"The store answered {outcomes[i]} to the completion of task '{claimed.Tasks[i].Id}' of queue '{Queue}'; expected Accepted.");
                }
                done += claimed.Tasks.Count;
            }
            var elapsed = stopwatch.Elapsed;
            var cpu = ThroughputRun.ProcessCpu() - cpuBefore;

            var counts = (await store.GetQueueStatsAsync(Queue, cancellationToken)).Counts;
            if (counts[TaskState.Succeeded] != tasks)
                throw new InvalidOperationException($"Queue '{Queue}' has {counts[TaskState.Succeeded]} Succeeded tasks after the loop; expected {tasks}.");
            return new Result(tasks, elapsed, cpu);
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }
}
