using System.Diagnostics;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 11: the throughput path (one in-process silo, capacity 100, <c>echo</c> tasks through its
/// submitter grain, finished tasks kept) over 8 queues, N tasks spread evenly and submitted in
/// single-queue batches, once on the single Redis and once on a 3-primary Redis Cluster
/// (<c>--redis-cluster</c>, the store given the cluster's endpoints); tasks/s for each and their ratio,
/// and every task checked Succeeded on both. Each queue's keys share one hash tag, so the queues spread
/// over the cluster's primaries; on 2 cores the three primaries share the cores with the silo, so the
/// ratio shows that the store works on a cluster and what that costs, not a speed-up.
/// </summary>
public sealed class ClusterScenario : IScenario
{
    /// <summary>Queues the tasks are spread over.</summary>
    public const int Queues = 8;

    private const int Capacity = 100;

    /// <summary>The queues' names.</summary>
    public static IReadOnlyList<string> QueueNames { get; } = [.. Enumerable.Range(0, Queues).Select(i => $"cluster-{i}")];

    /// <inheritdoc />
    public string Name => "cluster";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        string cluster = context.RedisCluster ?? throw new ScenarioSkippedException("no --redis-cluster given (bench/run.sh starts one)");
        int tasks = context.Sizes.ClusterTasks;
        double single = await RunAsync(context.Redis, context.Admin, tasks, context.Sizes.BatchSize, cancellationToken);
        await using var clusterAdmin = await RedisAdmin.ConnectAsync(cluster);
        double clustered = await RunAsync(cluster, clusterAdmin, tasks, context.Sizes.BatchSize, cancellationToken);
        context.Log.WriteLine($"  cluster {Queues} queues: single redis {single:F0} tasks/s, 3-primary cluster {clustered:F0} tasks/s ({tasks} tasks each)");
        return
        [
            new($"single redis, {Queues} queues", "tasks/s", single),
            new($"redis cluster 3 primaries, {Queues} queues", "tasks/s", clustered),
            new("cluster / single", "ratio", clustered / single),
        ];
    }

    private static async Task<double> RunAsync(string redis, RedisAdmin admin, int tasks, int batchSize, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            int perQueue = tasks / Queues;
            // one queue per batch (single-slot store calls on a cluster), the queues' batches taken in turn
            var byQueue = QueueNames.Select(q => TaskBatches.Echo(q, perQueue, batchSize)).ToArray();
            var batches = Enumerable.Range(0, byQueue.Max(b => b.Count))
                .SelectMany(i => byQueue.Where(b => i < b.Count).Select(b => b[i]))
                .ToArray();
            await using var silo = await InProcessSilo.StartAsync(redis, prefix, QueueNames, Capacity);
            // one task per queue first, so neither target's figure carries the first calls' JIT and connection set-up
            await TaskBatches.SubmitAsync(silo.Submitter, [.. QueueNames.Select(q => TaskBatches.Echo(q, 1, 1)[0])], cancellationToken);
            foreach (string queue in QueueNames)
                await QueueDrain.WaitAsync(silo.Store, queue, 1, expectKept: true, cancellationToken);

            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.SubmitAsync(silo.Submitter, batches, cancellationToken);
            foreach (string queue in QueueNames)
                await QueueDrain.WaitAsync(silo.Store, queue, perQueue + 1, expectKept: true, cancellationToken);
            return perQueue * Queues / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            await admin.DeleteKeysAsync(prefix);
        }
    }
}
