namespace OrleansScheduler.Client;

/// <summary>
/// A cron schedule to create (<see cref="SchedulerClientScheduleExtensions.CreateScheduleAsync"/>)
/// or to put under its name (<see cref="SchedulerClientScheduleExtensions.PutScheduleAsync"/>). A
/// property left null is not sent, so the gateway applies its default.
/// </summary>
public sealed record ScheduleRequest
{
    /// <summary>The schedule's name, unique in the cluster.</summary>
    public required string Name { get; init; }
    /// <summary>The cron expression, e.g. <c>"*/5 * * * *"</c>.</summary>
    public required string Cron { get; init; }
    /// <summary>The time zone the expression is read in (an IANA id such as <c>"Europe/Paris"</c>); the gateway's default is UTC.</summary>
    public string? TimeZone { get; init; }
    /// <summary>The task each firing submits.</summary>
    public required ScheduleTaskTemplate Task { get; init; }
    /// <summary>Whether it fires (the gateway's default is true).</summary>
    public bool? Enabled { get; init; }
    /// <summary>What to do when it fires while its last task runs (the gateway's default is <see cref="ScheduleOverlap.Allow"/>).</summary>
    public ScheduleOverlap? Overlap { get; init; }
    /// <summary>What to do about missed firings (the gateway's default is <see cref="ScheduleCatchUp.None"/>).</summary>
    public ScheduleCatchUp? CatchUp { get; init; }
}
