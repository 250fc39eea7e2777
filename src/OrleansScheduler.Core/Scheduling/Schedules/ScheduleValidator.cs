using OrleansScheduler.Scheduling.Cron;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>
/// Checks a <see cref="ScheduleDefinition"/>: its name, that its cron expression parses and fires at
/// least once, that its time zone exists, and its task template by the rules every submission
/// meets (<see cref="TaskSubmissionValidator"/>), with fields named <c>task.type</c>, <c>task.priority</c>, …
/// Pure: no I/O beyond the system's time zone database.
/// </summary>
public static class ScheduleValidator
{
    /// <summary>Every problem with <paramref name="schedule"/>; empty when it may be stored.</summary>
    /// <param name="schedule">The definition.</param>
    /// <param name="now">The current time: the expression must have a tick after it.</param>
    /// <param name="maxPayloadBytes">The payload limit of the template, in UTF-8 bytes.</param>
    public static IReadOnlyList<ValidationError> Validate(ScheduleDefinition schedule, DateTimeOffset now, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var errors = new List<ValidationError>();
        if (string.IsNullOrEmpty(schedule.Name)) errors.Add(new("name", "name is required."));
        else if (!ScheduleLimits.IsValidName(schedule.Name)) errors.Add(new("name", $"name must match {ScheduleLimits.NamePattern}."));

        bool zoneFound = ScheduleTimeZones.TryFind(schedule.TimeZone, out var zone, out string zoneError);
        if (!zoneFound) errors.Add(new("timeZone", zoneError));
        if (!CronExpression.TryParse(schedule.Cron, out var cron, out string cronError)) errors.Add(new("cron", cronError));
        else if (zoneFound && cron.GetNextOccurrence(now, zone!) is null)
            errors.Add(new("cron", $"'{cron.Text}' never fires in time zone '{schedule.TimeZone}'."));

        if (schedule.Task is null) errors.Add(new("task", "task is required."));
        else errors.AddRange(TaskSubmissionValidator.Validate(schedule.Task.ToSubmission(), now, maxPayloadBytes, "task."));
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every problem; what stores call before they change anything.</summary>
    public static void ThrowIfInvalid(ScheduleDefinition schedule, DateTimeOffset now, int maxPayloadBytes)
    {
        var errors = Validate(schedule, now, maxPayloadBytes);
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(schedule));
    }
}
