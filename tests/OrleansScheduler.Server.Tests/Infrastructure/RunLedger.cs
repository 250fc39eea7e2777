using System.Collections.Concurrent;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// One test's record of what its handlers did, shared by every silo of its cluster (registered as
/// a singleton instance in each silo's host): each handler start, each handler that saw its token
/// fire, each handler that returned a result; and the gate the gated handlers wait on.
/// </summary>
public sealed class RunLedger
{
    private readonly ConcurrentQueue<Run> _starts = new();
    private readonly ConcurrentQueue<Run> _cancellations = new();
    private readonly ConcurrentQueue<Run> _returns = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The cluster, for handlers that act on it (the silo-crashing one).</summary>
    public SchedulerCluster? Cluster { get; set; }

    /// <summary>Completes when the test opens the gate.</summary>
    public Task Gate => _gate.Task;

    public IReadOnlyList<Run> Starts => [.. _starts];

    public IReadOnlyList<Run> Cancellations => [.. _cancellations];

    public IReadOnlyList<Run> Returns => [.. _returns];

    public void OpenGate() => _gate.TrySetResult();

    public Run Started(TaskContext context) => Add(_starts, context);

    public Run Canceled(TaskContext context) => Add(_cancellations, context);

    public RunResult Returned(TaskContext context)
    {
        Add(_returns, context);
        return new RunResult(context.SiloId, context.Attempt);
    }

    public IReadOnlyList<Run> StartsOf(string taskId) => [.. _starts.Where(r => r.TaskId == taskId)];

    /// <summary>The ids of the tasks whose handler started on the silo <paramref name="siloId"/> (its address).</summary>
    public IReadOnlyList<string> TasksStartedOn(string siloId) => [.. _starts.Where(r => r.SiloId == siloId).Select(r => r.TaskId)];

    private static Run Add(ConcurrentQueue<Run> runs, TaskContext context)
    {
        var run = new Run(context.TaskId, context.SiloId, context.Attempt, DateTimeOffset.UtcNow);
        runs.Enqueue(run);
        return run;
    }

    /// <summary>One handler invocation: which task, on which silo (its address), which attempt, and when it was noted.</summary>
    public sealed record Run(string TaskId, string SiloId, int Attempt, DateTimeOffset At);
}
