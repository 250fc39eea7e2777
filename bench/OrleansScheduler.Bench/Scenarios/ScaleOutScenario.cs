using System.Diagnostics;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 7: tasks that sleep 10 ms through 1, 2 and 4 silo processes of capacity 100
/// (compose/cluster.sh, a fresh cluster each), from the first submit until none is left to run;
/// the figure is each count's throughput over the single silo's.
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
        await using var client = await StandaloneStore.ConnectAsync(cluster.Redis, "os");
        var batches = Enumerable.Range(0, tasks)
            .Select(_ => new TaskSubmission { Type = "sleep", Queue = Queue, Payload = "{\"ms\":10}" })
            .Chunk(batchSize)
            .ToArray();
        var stopwatch = Stopwatch.StartNew();
        await TaskBatches.SubmitAsync(client.Store, batches, cancellationToken);
        await QueueDrain.WaitAsync(client.Store, Queue, tasks, expectKept: true, cancellationToken);
        return tasks / stopwatch.Elapsed.TotalSeconds;
    }
}
