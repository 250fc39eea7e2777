using System.Diagnostics;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench;

/// <summary>
/// One end-to-end run: an in-process silo of the given capacity serves a fresh queue; <c>echo</c> tasks
/// are submitted in batches through its submitter grain (as its co-hosted HTTP API submits) while it
/// works; the clock runs from the first submit until no task of the queue is Pending, Scheduled or
/// Running any more. Redis counters and the store connection's operation count are taken around the
/// run, for the efficiency figures.
/// </summary>
public static class ThroughputRun
{
    private const string Queue = "bench";

    /// <summary>What one run measured.</summary>
    /// <param name="Tasks">Tasks submitted (all succeeded).</param>
    /// <param name="Elapsed">First submit to the last task finished.</param>
    /// <param name="Redis">Server counters' growth over the run.</param>
    /// <param name="RoundTrips">Operations the silo's store connection sent to Redis, submissions included (the harness's own polling excluded).</param>
    /// <param name="Polls">The harness's own queue-count polls (one script call each, included in <paramref name="Redis"/>).</param>
    /// <param name="ProcessCpu">CPU time this process (silo and submitter together) spent over the run.</param>
    /// <param name="Commands">Each command's growth in INFO commandstats over the run (the harness's polls included).</param>
    /// <param name="Slowest">The run's slowest SLOWLOG entries, slowest first, when asked for; else empty.</param>
    public sealed record Result(int Tasks, TimeSpan Elapsed, RedisSnapshot Redis, long RoundTrips, int Polls, TimeSpan ProcessCpu,
        CommandStats Commands, IReadOnlyList<SlowCommand> Slowest)
    {
        /// <summary>Tasks per second.</summary>
        public double TasksPerSecond => Tasks / Elapsed.TotalSeconds;
    }

    /// <summary>Runs <paramref name="tasks"/> tasks through a silo of <paramref name="capacity"/> slots.</summary>
    /// <param name="context">The bench context.</param>
    /// <param name="tasks">How many tasks.</param>
    /// <param name="capacity">The silo's slots.</param>
    /// <param name="removeAtOnce">
    /// True: the queue's retention is 1 s (the shortest allowed), so the queue's sweep (the scheduler
    /// grain's tick, every second) removes finished tasks while the run goes on; false: finished tasks
    /// are kept (default retention, 24 h).
    /// </param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static Task<Result> RunAsync(BenchContext context, int tasks, int capacity, bool removeAtOnce, CancellationToken cancellationToken) =>
        RunAsync(context, tasks, capacity, removeAtOnce, routing: null, cancellationToken);

    /// <summary>As the other overload, task <c>i</c> routed by <paramref name="routing"/>(<c>i</c>) (<c>null</c>: shared pull).</summary>
    /// <param name="context">The bench context.</param>
    /// <param name="tasks">How many tasks.</param>
    /// <param name="capacity">The silo's slots.</param>
    /// <param name="removeAtOnce">True: the queue's retention is 1 s; false: finished tasks are kept.</param>
    /// <param name="routing">Each task's routing by its index, or null for none at all.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static Task<Result> RunAsync(BenchContext context, int tasks, int capacity, bool removeAtOnce, Func<int, TaskRouting?>? routing,
        CancellationToken cancellationToken) =>
        RunAsync(context, tasks, capacity, removeAtOnce, routing, slowest: 0, cancellationToken);

    /// <summary>As the other overloads, and with the <paramref name="slowest"/> slowest SLOWLOG entries of the measured part (0: the SLOWLOG is left alone).</summary>
    /// <param name="context">The bench context.</param>
    /// <param name="tasks">How many tasks.</param>
    /// <param name="capacity">The silo's slots.</param>
    /// <param name="removeAtOnce">True: the queue's retention is 1 s; false: finished tasks are kept.</param>
    /// <param name="routing">Each task's routing by its index, or null for none at all.</param>
    /// <param name="slowest">How many SLOWLOG entries to return; 0 for none.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<Result> RunAsync(BenchContext context, int tasks, int capacity, bool removeAtOnce, Func<int, TaskRouting?>? routing,
        int slowest, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            var batches = TaskBatches.Echo(Queue, tasks, context.Sizes.BatchSize, routing: routing);
            await using var silo = await InProcessSilo.StartAsync(context.Redis, prefix, Queue, capacity);
            if (removeAtOnce) await silo.Store.SetQueueLimitsAsync(Queue, new QueueLimits { Retention = TimeSpan.FromSeconds(1) }, cancellationToken);

            await using var slowlog = slowest > 0 ? await context.Admin.OpenSlowlogAsync() : null;
            var commandsBefore = await context.Admin.CommandStatsAsync();
            var redisBefore = await context.Admin.SnapshotAsync();
            long opsBefore = silo.Connection.OperationCount;
            var cpuBefore = ProcessCpu();
            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.SubmitAsync(silo.Submitter, batches, cancellationToken);
            int polls = await QueueDrain.WaitAsync(silo.Store, Queue, tasks, expectKept: !removeAtOnce, cancellationToken);
            var elapsed = stopwatch.Elapsed;
            var cpu = ProcessCpu() - cpuBefore;
            long roundTrips = silo.Connection.OperationCount - opsBefore - polls;
            var redis = (await context.Admin.SnapshotAsync()).Since(redisBefore);
            var commands = (await context.Admin.CommandStatsAsync()).Since(commandsBefore);
            IReadOnlyList<SlowCommand> slow = slowlog is null ? [] : await slowlog.SlowestAsync(slowest);
            return new Result(tasks, elapsed, redis, roundTrips, polls, cpu, commands, slow);
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }

    /// <summary>The CPU time this process has spent so far (every thread: the silo, its grains, the clients, the harness).</summary>
    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
