namespace OrleansScheduler.Routing;

/// <summary>How the <see cref="RouteReconciler"/> treats tasks that wait for a silo. Defaults are documented here and pinned by a test.</summary>
public sealed class RoutingOptions
{
    /// <summary>How long a pinned task waits for its silo to be Active (and serving its queue) before it fails. Default: 5 min.</summary>
    public TimeSpan PinnedWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a task may wait for a silo this silo's snapshot does not list before it is routed again: long
    /// enough for a silo that just joined to reach every snapshot. Default: 1 min.
    /// </summary>
    public TimeSpan UnlistedGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most tasks one pass reads from each lane (a silo's, or the one waiting for no silo); the rest wait for the next pass. Default: 256.</summary>
    public int MaxPerPass { get; set; } = 256;
}
