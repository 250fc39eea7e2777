using OrleansScheduler.Scheduling.Cron;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>When a <see cref="ScheduleDefinition"/> fires: its cron expression read in its time zone.</summary>
public static class ScheduleDefinitionExtensions
{
    /// <summary>The first tick strictly after <paramref name="after"/>, or null when there is none.</summary>
    /// <exception cref="FormatException">The cron expression is invalid.</exception>
    /// <exception cref="TimeZoneNotFoundException">The time zone is unknown.</exception>
    public static DateTimeOffset? NextOccurrenceAfter(this ScheduleDefinition definition, DateTimeOffset after) =>
        CronExpression.Parse(definition.Cron).GetNextOccurrence(after, ScheduleTimeZones.Find(definition.TimeZone));
}
