using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>One attempt this silo runs: the claimed task, the token that abandons it, and the task that ends when its handler returns.</summary>
internal sealed class RunningAttempt(ClaimedTask task)
{
    private readonly CancellationTokenSource _abandon = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClaimedTask Task { get; } = task;

    /// <summary>Fires when the silo gives the attempt up (drain timeout, declared dead, host disposed).</summary>
    public CancellationToken Abandoned => _abandon.Token;

    /// <summary>Completes when the handler has returned and the outcome was queued.</summary>
    public Task Finished => _finished.Task;

    public void MarkFinished() => _finished.TrySetResult();

    /// <summary>When the silo gave the attempt up, if it did.</summary>
    public DateTimeOffset? AbandonedAt { get; private set; }

    public void Abandon(DateTimeOffset now)
    {
        AbandonedAt ??= now;
        try
        {
            _abandon.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
