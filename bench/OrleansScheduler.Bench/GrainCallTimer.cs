using System.Diagnostics;

namespace OrleansScheduler.Bench;

/// <summary>The round trip of one no-op grain call (<see cref="IPingGrain"/>), one call at a time, after a warm-up.</summary>
public static class GrainCallTimer
{
    private const int Warmup = 100;

    /// <summary>The median, in µs, of <paramref name="calls"/> sequential calls through <paramref name="grains"/>.</summary>
    public static async Task<double> MedianMicrosAsync(IGrainFactory grains, int calls, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IPingGrain>(0);
        for (int i = 0; i < Warmup; i++) await grain.PingAsync(); // activates the grain and warms the path up
        var micros = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            await grain.PingAsync();
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(micros);
        return Percentiles.Of(micros, 50);
    }
}
