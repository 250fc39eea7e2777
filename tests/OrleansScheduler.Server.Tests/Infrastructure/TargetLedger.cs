using System.Collections.Concurrent;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>What the test's order grains saw, shared by every silo of its cluster: each call with its run, each token that fired, and the gate held calls wait on.</summary>
public sealed class TargetLedger
{
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentQueue<Call> _cancellations = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Gate => _gate.Task;

    public IReadOnlyList<Call> Calls => [.. _calls];

    public IReadOnlyList<Call> Cancellations => [.. _cancellations];

    public void OpenGate() => _gate.TrySetResult();

    public Call Called(string key, TaskRun run) => Add(_calls, key, run);

    public Call Canceled(string key, TaskRun run) => Add(_cancellations, key, run);

    public IReadOnlyList<Call> CallsOf(string taskId) => [.. _calls.Where(c => c.Run.TaskId == taskId)];

    private static Call Add(ConcurrentQueue<Call> calls, string key, TaskRun run)
    {
        var call = new Call(key, run);
        calls.Enqueue(call);
        return call;
    }

    /// <summary>One call of a target grain: the grain's key and the attempt it was given.</summary>
    public sealed record Call(string Key, TaskRun Run);
}
