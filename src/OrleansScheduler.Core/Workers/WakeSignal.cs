namespace OrleansScheduler.Workers;

/// <summary>An auto-reset wake-up for the claim loop: many Set calls while it works collapse into one wake.</summary>
/// <remarks>
/// Set is called once per finished attempt, from many threads at once, and is almost always already
/// set. A flag swapped with one interlocked operation decides which Set releases the semaphore, so the
/// rest cost no lock and, above all, throw no <see cref="SemaphoreFullException"/> (an exception per
/// finished attempt was the silo's single largest CPU cost). Invariant: the semaphore's count is 1 only
/// while the flag is set; the flag is cleared only by whoever took the count.
/// </remarks>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private int _set;

    public void Set()
    {
        // Already set: the waiter will wake once (or has woken and not yet looked), which is all it needs.
        if (Volatile.Read(ref _set) == 1 || Interlocked.Exchange(ref _set, 1) == 1) return;
        _semaphore.Release();
    }

    /// <summary>Forgets a Set nobody waited for yet.</summary>
    public void Reset()
    {
        if (_semaphore.Wait(0)) Volatile.Write(ref _set, 0);
    }

    /// <summary>Waits for a Set or the timeout; true when woken by Set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await _semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false)) return false;
        // Cleared before the caller looks at what changed, so a Set from now on wakes it again.
        Volatile.Write(ref _set, 0);
        return true;
    }
}
