using OrleansScheduler.Scheduling.Cron;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>
/// What a client says about a schedule: its name, when it fires (a cron expression in a time
/// zone), the task it submits and its policies. The store adds the state (<see cref="Schedule"/>).
/// </summary>
public sealed record ScheduleDefinition
{
    /// <summary>The schedule's name, unique in the cluster; <see cref="ScheduleLimits.NamePattern"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The cron expression (<see cref="CronExpression"/>): 5 fields, or 6 with seconds first, or a macro.</summary>
    public required string Cron { get; init; }

    /// <summary>The time zone the expression's wall-clock times are in: an IANA id such as <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; init; } = ScheduleLimits.DefaultTimeZone;

    /// <summary>The task each tick submits.</summary>
    public required ScheduleTaskTemplate Task { get; init; }

    /// <summary>Whether the schedule fires; a disabled one keeps its definition and history.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>What a tick does while the previous tick's task has not finished.</summary>
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Allow;

    /// <summary>What the schedule does about ticks missed while no silo held the scheduler role.</summary>
    public CatchUpPolicy CatchUp { get; init; } = CatchUpPolicy.None;

    /// <summary>The first tick strictly after <paramref name="after"/>, or null when there is none (within <see cref="CronExpression.SearchYears"/> years).</summary>
    /// <exception cref="FormatException">The cron expression is invalid.</exception>
    /// <exception cref="TimeZoneNotFoundException">The time zone is unknown.</exception>
    public DateTimeOffset? NextOccurrenceAfter(DateTimeOffset after) =>
        CronExpression.Parse(Cron).GetNextOccurrence(after, ScheduleTimeZones.Find(TimeZone));
}
