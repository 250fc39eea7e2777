namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// A queue's token bucket for <see cref="QueueLimits.RatePerSecond"/>: holds up to max(1, rate)
/// tokens, full at first use, refilled continuously from the store's clock; each claimed task
/// spends one. Only touched under the store's lock.
/// </summary>
internal sealed class RateBucket
{
    private bool _used;
    private double _tokens;
    private long _lastMs;

    /// <summary>The bucket's capacity at <paramref name="rate"/>: at least one start, or a slow rate would never start anything.</summary>
    public static double Capacity(double rate) => Math.Max(1, rate);

    /// <summary>Refills the bucket up to <paramref name="nowMs"/> and returns how many whole tokens it holds.</summary>
    public int Refill(double rate, long nowMs)
    {
        if (!_used)
        {
            _used = true;
            _tokens = Capacity(rate);
        }
        else if (nowMs > _lastMs)
        {
            _tokens = Math.Min(Capacity(rate), _tokens + rate * (nowMs - _lastMs) / 1000.0);
        }
        _lastMs = Math.Max(_lastMs, nowMs);
        return (int)Math.Min(int.MaxValue, Math.Floor(_tokens));
    }

    /// <summary>Refills a bucket already in use up to <paramref name="nowMs"/> (a bucket never used stays so: it starts full).</summary>
    public void RefillIfUsed(double rate, long nowMs)
    {
        if (_used) Refill(rate, nowMs);
    }

    /// <summary>Spends one token per task claimed.</summary>
    public void Spend(int tasks) => _tokens = Math.Max(0, _tokens - tasks);

    /// <summary>
    /// When the next whole token is due, rounded up to the millisecond so a worker waking then finds
    /// it; null when the bucket holds one now (it held nothing back).
    /// </summary>
    public DateTimeOffset? NextTokenAt(double rate, DateTimeOffset now) =>
        _tokens >= 1 ? null : now.AddMilliseconds(Math.Ceiling((1 - _tokens) / rate * 1000));

    /// <summary>The limits changed: tokens are kept, but never more than the new rate's capacity.</summary>
    public void Clamp(double rate) => _tokens = Math.Min(_tokens, Capacity(rate));
}
