using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// One attempt this silo runs: the claimed task, the token its handler gets, and the task that ends
/// when its handler returns.
/// </summary>
/// <remarks>
/// One token source serves both the attempt's timeout and its abandonment (one source per attempt
/// instead of an abandon source plus a linked one with the timer); <see cref="IsAbandoned"/> tells the
/// two apart, set before the source is canceled.
/// </remarks>
internal sealed class RunningAttempt(ClaimedTask task)
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _abandoned;

    public ClaimedTask Task { get; } = task;

    /// <summary>Fires when the attempt times out (once <see cref="StartTimeout"/> was called) or is abandoned.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True once the silo gave the attempt up (drain timeout, declared dead, canceled, stale, host disposed).</summary>
    public bool IsAbandoned => _abandoned;

    /// <summary>Completes when the handler has returned and the outcome was queued.</summary>
    public Task Finished => _finished.Task;

    public void MarkFinished() => _finished.TrySetResult();

    /// <summary>When the silo gave the attempt up, if it did.</summary>
    public DateTimeOffset? AbandonedAt { get; private set; }

    /// <summary>Fires <see cref="Token"/> after <paramref name="timeout"/> (the attempt timed out).</summary>
    public void StartTimeout(TimeSpan timeout)
    {
        try
        {
            _cancel.CancelAfter(timeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The handler has returned: stops the timeout's timer. Abandoning afterwards does nothing.</summary>
    public void StopTimeout() => _cancel.Dispose();

    public void Abandon(DateTimeOffset now)
    {
        AbandonedAt ??= now;
        _abandoned = true;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
