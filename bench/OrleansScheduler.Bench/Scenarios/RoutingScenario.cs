using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 9: what routing (docs/routing.md) costs a task. N no-op (<c>echo</c>) tasks through the throughput
/// scenario's path (the submitter grain of one in-process silo of capacity 100, the Redis store, finished tasks
/// kept), once per routing: none (shared pull), <c>consistentHash</c> over K keys, <c>roundRobin</c>,
/// <c>concurrencyKey</c> with <c>maxConcurrent</c> 1 over K keys (task i's key is i mod K, so each key's tasks
/// run one at a time) and <c>firstFit</c> with cost 2. Tasks/s for each, and each one's ratio to no routing.
/// On one silo every strategy that names a silo names that one, so the figures are what placing at submit,
/// the per-silo ready set and the claim's filters cost, not what spreading over silos gains.
/// </summary>
public sealed class RoutingScenario : IScenario
{
    private const int Capacity = 100;

    /// <inheritdoc />
    public string Name => "routing";

    /// <summary>The routings compared, by metric name, the first (none) the baseline; task <c>i</c>'s routing from its index.</summary>
    public static IReadOnlyList<(string Metric, Func<int, TaskRouting?> Routing)> Routings(int keys)
    {
        TaskRouting[] byKey = [.. Enumerable.Range(0, keys).Select(k => new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = $"key-{k}" })];
        TaskRouting[] limited = [.. Enumerable.Range(0, keys).Select(k => new TaskRouting { ConcurrencyKey = $"key-{k}", MaxConcurrent = 1 })];
        var roundRobin = new TaskRouting { Strategy = RoutingStrategy.RoundRobin };
        var firstFit = new TaskRouting { Strategy = RoutingStrategy.FirstFit, Cost = 2 };
        return
        [
            ("none", _ => null),
            ($"consistentHash {keys} keys", i => byKey[i % keys]),
            ("roundRobin", _ => roundRobin),
            ($"concurrencyKey max 1, {keys} keys", i => limited[i % keys]),
            ("firstFit cost 2", _ => firstFit),
        ];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rates = new List<(string Metric, double Rate)>();
        foreach (var (metric, routing) in Routings(context.Sizes.RoutingKeys))
        {
            var run = await ThroughputRun.RunAsync(context, context.Sizes.RoutingTasks, Capacity, removeAtOnce: false, routing, cancellationToken);
            context.Log.WriteLine($"  routing {metric}: {run.TasksPerSecond:F0} tasks/s ({run.Tasks} in {run.Elapsed.TotalSeconds:F2} s)");
            rates.Add((metric, run.TasksPerSecond));
        }
        var figures = rates.Select(r => new Measurement(r.Metric, "tasks/s", r.Rate)).ToList();
        figures.AddRange(rates.Skip(1).Select(r => new Measurement($"{r.Metric} / none", "ratio", r.Rate / rates[0].Rate)));
        return figures;
    }
}
