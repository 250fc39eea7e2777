using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Api;

/// <summary>The store's schedules as the contracts show them: the template's payload as a JSON value, durations in milliseconds.</summary>
public static class ScheduleContracts
{
    /// <summary>The contract of <paramref name="schedule"/>.</summary>
    public static ScheduleInfo ToInfo(this Schedule schedule)
    {
        var definition = schedule.Definition;
        return new ScheduleInfo
        {
            Name = definition.Name,
            Cron = definition.Cron,
            TimeZone = definition.TimeZone,
            Task = definition.Task.ToInfo(),
            Enabled = definition.Enabled,
            Overlap = definition.Overlap,
            CatchUp = definition.CatchUp,
            NextFireAt = schedule.NextFireAt,
            LastFiredAt = schedule.LastFiredAt,
            LastTaskId = schedule.LastTaskId,
            CreatedAt = schedule.CreatedAt,
            UpdatedAt = schedule.UpdatedAt,
        };
    }

    /// <summary>The contract of <paramref name="task"/>, every field filled.</summary>
    public static ScheduleTaskInfo ToInfo(this ScheduleTaskTemplate task) => new()
    {
        Type = task.Type,
        Queue = task.Queue,
        Payload = JsonText.ToElement(task.Payload),
        Priority = task.Priority,
        MaxAttempts = task.MaxAttempts,
        TimeoutMs = (long)task.Timeout.TotalMilliseconds,
        BackoffMs = (long)task.Backoff.TotalMilliseconds,
        Routing = task.Routing,
        Target = task.Target,
    };
}
