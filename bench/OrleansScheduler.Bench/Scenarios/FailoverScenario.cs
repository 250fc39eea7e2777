using System.Diagnostics;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 4: three silo processes (compose/cluster.sh); long tasks all run on silo-1 (it starts
/// alone, the others join once they run); silo-1 is SIGKILLed; for each task, the seconds from the
/// kill until it is Running on another silo. With the default timings (DeadAfter 5 s, heartbeat
/// 1 s) and with DeadAfter 1 s (heartbeat 250 ms). Target: the slowest ≤ 2 × DeadAfter.
/// </summary>
public sealed class FailoverScenario : IScenario
{
    private const string Queue = TaskLimits.DefaultQueue;
    private const string Victim = "silo-1";
    private const string CommonArgs = "--Scheduler:DrainTimeout=00:00:01 --Logging:LogLevel:Default=Warning";
    private static readonly TimeSpan DefaultDeadAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public string Name => "failover";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var figures = new List<Measurement>();
        foreach (var deadAfter in context.Sizes.FailoverDeadAfters)
        {
            string args = deadAfter is { } d
                ? $"{CommonArgs} --Scheduler:DeadAfter={d:c} --Scheduler:HeartbeatInterval={d / 4:c}"
                : CommonArgs;
            var seconds = (await RunAsync(args, context.Sizes.FailoverTasks, cancellationToken)).Order().ToArray();
            var effective = deadAfter ?? DefaultDeadAfter;
            string label = deadAfter is null ? "default (DeadAfter 5 s)" : $"DeadAfter {effective.TotalSeconds:0.##} s";
            context.Log.WriteLine($"  failover {label}: {string.Join(", ", seconds.Select(s => s.ToString("F2")))} s");
            figures.Add(new($"{label} first task", "s", seconds[0]));
            figures.Add(new($"{label} last task", "s", seconds[^1], Target.Max(2 * effective.TotalSeconds)));
        }
        return figures;
    }

    private static async Task<double[]> RunAsync(string siloArgs, int count, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(1, siloArgs);
        await using var client = await StandaloneStore.ConnectAsync(cluster.Redis, "os");
        var ids = await client.Store.SubmitAsync(
            [.. Enumerable.Range(0, count).Select(_ => new TaskSubmission
            {
                Type = "sleep", Queue = Queue, Payload = "{\"ms\":600000}", Timeout = TimeSpan.FromHours(1),
            })], cancellationToken);
        await WaitAllAsync(client.Store, ids, t => OnVictim(t), "to run on " + Victim, cancellationToken);
        await cluster.AddAsync();
        await cluster.AddAsync();

        var sinceKill = Stopwatch.StartNew(); // from just before the SIGKILL is sent
        await cluster.KillAsync(Victim);
        var moved = new double[ids.Count];
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await WaitAllAsync(client.Store, [id], t => t.Status == TaskState.Running && !OnVictim(t), "to run on another silo", cancellationToken);
            moved[i] = sinceKill.Elapsed.TotalSeconds;
        }));
        return moved;
    }

    private static bool OnVictim(TaskRecord task) =>
        task.Status == TaskState.Running && task.Silo is { } silo && silo.StartsWith(Victim + ".", StringComparison.Ordinal);

    private static async Task WaitAllAsync(ITaskStore store, IReadOnlyList<string> ids, Func<TaskRecord, bool> condition, string what, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (string id in ids)
        {
            while (true)
            {
                var task = await store.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Task '{id}' of queue '{Queue}' is gone.");
                if (condition(task)) break;
                if (stopwatch.Elapsed > WaitLimit)
                    throw new TimeoutException($"Task '{id}' of queue '{Queue}' is {task.Status} on '{task.Silo}'; waited {WaitLimit.TotalSeconds} s for it {what}.");
                await Task.Delay(20, cancellationToken); // polling interval: the figures are in tenths of seconds
            }
        }
    }
}
