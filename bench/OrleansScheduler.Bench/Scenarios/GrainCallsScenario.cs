using Microsoft.Extensions.Hosting;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 10: what the Orleans path costs a task beyond the store. The same N no-op tasks, capacity 100,
/// twice in one run: (a) <see cref="StoreLoopRun"/>: submitted to the store in batches and claimed and
/// completed 100 at a time by one loop calling the store itself, as the worker engine calls it; (b) the
/// throughput scenario's path (<see cref="ThroughputRun"/>, finished tasks kept): submitted through the
/// submitter grain of one in-process silo whose worker claims, runs the <c>echo</c> handler and reports
/// outcomes. This process's CPU per task for each, and (b) − (a) as the grain-call overhead per task: the
/// grains, the silo's worker engine and handler, and the silo's runtime and timers over the run.
/// Then the round trip of one no-op grain call (<see cref="IPingGrain"/>, median of M sequential calls),
/// from inside the silo's process through its grain factory and through an Orleans client of it.
/// </summary>
public sealed class GrainCallsScenario : IScenario
{
    private const int Capacity = 100;

    /// <inheritdoc />
    public string Name => "grain-calls";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        int tasks = context.Sizes.GrainCallTasks;
        var loop = await StoreLoopRun.RunAsync(context, tasks, Capacity, cancellationToken);
        var grains = await ThroughputRun.RunAsync(context, tasks, Capacity, removeAtOnce: false, cancellationToken);
        double loopCpu = loop.ProcessCpu.TotalMicroseconds / tasks;
        double grainCpu = grains.ProcessCpu.TotalMicroseconds / tasks;
        var (inSilo, throughClient) = await RoundTripsAsync(context, cancellationToken);
        context.Log.WriteLine($"  grain-calls: store loop {loopCpu:F1} µs CPU/task ({tasks / loop.Elapsed.TotalSeconds:F0} tasks/s), "
            + $"grain path {grainCpu:F1} µs CPU/task ({grains.TasksPerSecond:F0} tasks/s); one grain call {inSilo:F1} µs in the silo, {throughClient:F1} µs through a client");
        return
        [
            new("store loop cpu/task", "µs", loopCpu),
            new("grain path cpu/task", "µs", grainCpu),
            new("grain-call overhead per task", "µs", grainCpu - loopCpu),
            new("store loop", "tasks/s", tasks / loop.Elapsed.TotalSeconds),
            new("grain path", "tasks/s", grains.TasksPerSecond),
            new("no-op grain call in silo p50", "µs", inSilo),
            new("no-op grain call via client p50", "µs", throughClient),
        ];
    }

    private static async Task<(double InSilo, double ThroughClient)> RoundTripsAsync(BenchContext context, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var silo = await InProcessSilo.StartAsync(context.Redis, prefix, "ping", capacity: 1,
                configure: s => s.AddTaskScheduler(o => o.RunWorkers = false));
            await using var client = await SiloClient.ConnectAsync(silo);
            double inSilo = await GrainCallTimer.MedianMicrosAsync(silo.GrainFactory, context.Sizes.GrainCalls, cancellationToken);
            double throughClient = await GrainCallTimer.MedianMicrosAsync(client.GrainFactory, context.Sizes.GrainCalls, cancellationToken);
            return (inSilo, throughClient);
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }
}
