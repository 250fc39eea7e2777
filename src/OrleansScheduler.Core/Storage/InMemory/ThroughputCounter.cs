namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// A queue's finishes per second over the last minute: 60 buckets keyed by unix second, each reused
/// once its second is a minute old. Only touched under the store's lock.
/// </summary>
internal sealed class ThroughputCounter
{
    private const int Seconds = 60;
    private readonly long[] _second = new long[Seconds];
    private readonly long[] _succeeded = new long[Seconds];
    private readonly long[] _failed = new long[Seconds];

    public ThroughputCounter() => Array.Fill(_second, long.MinValue);

    /// <summary>Counts one transition into Succeeded at <paramref name="now"/>.</summary>
    public void Succeeded(DateTimeOffset now) => _succeeded[Bucket(now)]++;

    /// <summary>Counts one transition into Failed at <paramref name="now"/>.</summary>
    public void Failed(DateTimeOffset now) => _failed[Bucket(now)]++;

    /// <summary>Successes and failures in the seconds nowSec−59 … nowSec.</summary>
    public (long Succeeded, long Failed) LastMinute(DateTimeOffset now)
    {
        long nowSec = now.ToUnixTimeSeconds(), succeeded = 0, failed = 0;
        for (int i = 0; i < Seconds; i++)
        {
            if (_second[i] > nowSec - Seconds && _second[i] <= nowSec)
            {
                succeeded += _succeeded[i];
                failed += _failed[i];
            }
        }
        return (succeeded, failed);
    }

    private int Bucket(DateTimeOffset now)
    {
        long sec = now.ToUnixTimeSeconds();
        int i = (int)(((sec % Seconds) + Seconds) % Seconds);
        if (_second[i] != sec)
        {
            _second[i] = sec;
            _succeeded[i] = 0;
            _failed[i] = 0;
        }
        return i;
    }
}
