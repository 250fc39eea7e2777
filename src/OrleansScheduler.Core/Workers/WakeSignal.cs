namespace OrleansScheduler.Workers;

/// <summary>An auto-reset wake-up for the claim loop: many Set calls while it works collapse into one wake.</summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set: the loop will wake once, which is all it needs.
        }
    }

    /// <summary>Forgets a Set nobody waited for yet.</summary>
    public void Reset() => _semaphore.Wait(0);

    /// <summary>Waits for a Set or the timeout; true when woken by Set.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}
