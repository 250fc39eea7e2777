using System.Diagnostics;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 7: tasks that sleep 10 ms through 1, 2 and 4 silo processes of capacity 100
/// (compose/cluster.sh, a fresh Orleans cluster each), from the first submit until none is left to run;
/// the figure is each count's throughput over the single silo's. Batches go through the silos' HTTP
/// APIs in turn, as a load balancer in front of them would send them, so every silo's submitter grain
/// stores some and wakes the workers.
/// </summary>
public sealed class ScaleOutScenario : IScenario
{
    private const string Queue = TaskLimits.DefaultQueue;
    private const string SiloArgs = "--capacity 100 --Scheduler:DrainTimeout=00:00:01 --Logging:LogLevel:Default=Warning";

    /// <inheritdoc />
    public string Name => "scale-out";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rates = new List<(int Silos, double Rate)>();
        foreach (int silos in context.Sizes.ScaleOutSilos)
        {
            double rate = await RunAsync(silos, context.Sizes.ScaleOutTasks, context.Sizes.BatchSize, cancellationToken);
            context.Log.WriteLine($"  scale-out {silos} silo(s): {rate:F0} tasks/s");
            rates.Add((silos, rate));
        }
        var figures = rates.Select(r => new Measurement($"{r.Silos} silo(s)", "tasks/s", r.Rate)).ToList();
        figures.AddRange(rates.Skip(1).Select(r => new Measurement($"{r.Silos} silos / {rates[0].Silos}", "ratio", r.Rate / rates[0].Rate,
            r.Silos switch { 2 => Target.Min(1.8), 4 => Target.Min(3.2), _ => null })));
        return figures;
    }

    private static async Task<double> RunAsync(int silos, int tasks, int batchSize, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(silos, SiloArgs);
        var apis = (await cluster.StatusAsync()).Where(p => p.IsLiveSilo).Select(p => new HttpClient { BaseAddress = p.Api }).ToArray();
        try
        {
            var clients = apis.Select(http => new SchedulerClient(http)).ToArray();
            // the harness's own polling of the queue's counts goes to the store, not through the silos
            await using var store = await StandaloneStore.ConnectAsync(cluster.Redis, "os");
            var payload = JsonDocument.Parse("{\"ms\":10}").RootElement;
            var batches = Enumerable.Range(0, tasks)
                .Select(_ => new SubmitTaskRequest { Type = "sleep", Queue = Queue, Payload = payload })
                .Chunk(batchSize)
                .Select((batch, i) => (Batch: batch, Client: clients[i % clients.Length]))
                .ToArray();
            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.ForEachAsync(batches, b => b.Client.SubmitBatchAsync(b.Batch, cancellationToken), cancellationToken);
            await QueueDrain.WaitAsync(store.Store, Queue, tasks, expectKept: true, cancellationToken);
            return tasks / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var http in apis) http.Dispose();
        }
    }
}
