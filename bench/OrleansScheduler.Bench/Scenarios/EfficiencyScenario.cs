namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 6: what one task's whole lifecycle costs Redis, over a throughput run (capacity 100,
/// finished tasks kept): client round trips (operations the silo's store connection sent: the
/// submitter grain's submissions, claims, outcomes and the silo's periodic checks), commands executed
/// (INFO commandstats, counting those run inside scripts too), server CPU (INFO cpu) and the CPU of
/// this process (the in-process silo, its grains and the harness submitting to them).
/// The harness's own polling of the queue's counts (every 10 ms) is taken out of the round trips and
/// script calls; the commands and CPU it costs (a few commands per poll) stay in.
/// Each run also leaves a <see cref="RedisProfile"/>: the top commands of INFO commandstats per task (the
/// polls' included) and the 5 slowest SLOWLOG entries of the measured part.
/// </summary>
public sealed class EfficiencyScenario : IScenario
{
    private const int Capacity = 100;
    private const int SlowestShown = 5;

    /// <inheritdoc />
    public string Name => "efficiency";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var run = await ThroughputRun.RunAsync(context, context.Sizes.ThroughputTasks, Capacity, removeAtOnce: false, routing: null, SlowestShown,
            cancellationToken);
        context.AddProfile(RedisProfile.From(Name, run.Tasks, run.Commands, run.Slowest));
        double tasks = run.Tasks;
        context.Log.WriteLine($"  efficiency: {run.RoundTrips} round trips, {run.Redis.TotalCalls} commands, {run.Redis.CpuMicros:F0} µs CPU for {run.Tasks} tasks; "
            + $"this process {run.ProcessCpu.TotalMilliseconds * 1000:F0} µs CPU, {run.TasksPerSecond:F0} tasks/s");
        return
        [
            new("round trips/task", "ops", run.RoundTrips / tasks, Target.Max(0.1)),
            new("script calls/task", "calls", (run.Redis.ScriptCalls - run.Polls) / tasks),
            new("commands/task (incl. in scripts)", "calls", run.Redis.TotalCalls / tasks),
            new("redis cpu/task", "µs", run.Redis.CpuMicros / tasks, Target.Max(10)),
            // The silo, its grains and the harness submitting to them, all in this process.
            new("silo cpu/task", "µs", run.ProcessCpu.TotalMilliseconds * 1000 / tasks),
        ];
    }
}
