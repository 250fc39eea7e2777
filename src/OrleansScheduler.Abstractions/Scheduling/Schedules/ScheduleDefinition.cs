namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>
/// What a client says about a schedule: its name, when it fires (a cron expression in a time
/// zone), the task it submits and its policies. The store adds the state (the store's <c>Schedule</c>).
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleDefinition")]
public sealed record ScheduleDefinition
{
    /// <summary>The schedule's name, unique in the cluster; <see cref="ScheduleLimits.NamePattern"/>.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The cron expression (see docs/schedules.md): 5 fields, or 6 with seconds first, or a macro.</summary>
    [Id(1)] public required string Cron { get; init; }

    /// <summary>The time zone the expression's wall-clock times are in: an IANA id such as <c>Europe/Berlin</c>.</summary>
    [Id(2)] public string TimeZone { get; init; } = ScheduleLimits.DefaultTimeZone;

    /// <summary>The task each tick submits.</summary>
    [Id(3)] public required ScheduleTaskTemplate Task { get; init; }

    /// <summary>Whether the schedule fires; a disabled one keeps its definition and history.</summary>
    [Id(4)] public bool Enabled { get; init; } = true;

    /// <summary>What a tick does while the previous tick's task has not finished.</summary>
    [Id(5)] public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Allow;

    /// <summary>What the schedule does about ticks missed while the scheduler grain did not run (no silo up).</summary>
    [Id(6)] public CatchUpPolicy CatchUp { get; init; } = CatchUpPolicy.None;

}
