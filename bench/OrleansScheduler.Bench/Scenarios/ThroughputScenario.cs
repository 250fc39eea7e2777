namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 1: N no-op (<c>echo</c>) tasks through one in-process silo, for each capacity, with
/// finished tasks kept and with them removed at once (queue retention 1 s: the queue grain's sweep,
/// which the scheduler grain's tick starts every second, removes them).
/// </summary>
public sealed class ThroughputScenario : IScenario
{
    /// <summary>The issue's target: at least 60,000 tasks/s.</summary>
    public static readonly Target Goal = Target.Min(60_000);

    /// <inheritdoc />
    public string Name => "throughput";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var figures = new List<Measurement>();
        foreach (int capacity in context.Sizes.Capacities)
        {
            foreach (bool remove in new[] { false, true })
            {
                var run = await ThroughputRun.RunAsync(context, context.Sizes.ThroughputTasks, capacity, remove, cancellationToken);
                string metric = $"c={capacity} {(remove ? "removed" : "kept")}";
                context.Log.WriteLine($"  throughput {metric}: {run.TasksPerSecond:F0} tasks/s ({run.Tasks} in {run.Elapsed.TotalSeconds:F2} s)");
                figures.Add(new(metric, "tasks/s", run.TasksPerSecond, Goal));
            }
        }
        return figures;
    }
}
