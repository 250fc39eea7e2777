namespace OrleansScheduler.Hosting;

/// <summary>
/// The key of the scheduler's own <see cref="TimeProvider"/> among a host's keyed services: "now" for the
/// store, the engines and the grains. It is the system clock unless a store brings one (the Redis store's
/// follows the Redis server, so every silo reads one time base); Orleans' own timing is not touched.
/// </summary>
public static class SchedulerClock
{
    /// <summary>The service key.</summary>
    public const string Key = "OrleansScheduler.Clock";
}
