using System.Text.Json;
using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A schedule's task template as the API shows it: payload as a JSON value, durations in milliseconds.</summary>
internal sealed record ScheduleTaskResponse(string Type, string Queue, JsonElement Payload, int Priority, int MaxAttempts, long TimeoutMs, long BackoffMs)
{
    /// <summary>The response for <paramref name="task"/>.</summary>
    public static ScheduleTaskResponse From(ScheduleTaskTemplate task) => new(task.Type, task.Queue, TaskResponse.Json(task.Payload)!.Value,
        task.Priority, task.MaxAttempts, (long)task.Timeout.TotalMilliseconds, (long)task.Backoff.TotalMilliseconds);
}
