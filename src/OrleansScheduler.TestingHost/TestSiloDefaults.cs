using OrleansScheduler.Hosting;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// The short failure-detection timings every test silo starts with, so a test sees a kill, a
/// failover or a role hand-over within about a second instead of the production defaults' many
/// seconds. <see cref="TestClusterBuilder.ConfigureSilos"/> runs after these and may change any.
/// </summary>
public static class TestSiloDefaults
{
    /// <summary><see cref="SchedulerOptions.HeartbeatInterval"/> in tests: 100 ms.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(100);

    /// <summary><see cref="SchedulerOptions.DeadAfter"/> in tests: 1 s.</summary>
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(1);

    /// <summary><see cref="SchedulerOptions.SweepInterval"/> in tests: 100 ms.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    /// <summary><see cref="SchedulerOptions.RoleLeaseTime"/> in tests: 1 s.</summary>
    public static readonly TimeSpan RoleLeaseTime = TimeSpan.FromSeconds(1);

    /// <summary><see cref="SchedulerOptions.PollInterval"/> in tests: 100 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary><see cref="SchedulerOptions.DrainTimeout"/> in tests: 5 s.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Sets the test timings on <paramref name="options"/>; everything else keeps its production default.</summary>
    public static void Apply(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.HeartbeatInterval = HeartbeatInterval;
        options.DeadAfter = DeadAfter;
        options.SweepInterval = SweepInterval;
        options.RoleLeaseTime = RoleLeaseTime;
        options.PollInterval = PollInterval;
        options.DrainTimeout = DrainTimeout;
    }
}
