using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>
/// One transition of a task, as <c>GET /api/tasks/{id}/events</c> lists it and <c>GET /api/events</c>
/// streams it (the SSE <c>data</c> line). States are spelled as in <see cref="TaskResponse"/>.
/// </summary>
/// <param name="Id">The event's id in its queue's stream (<c>&lt;ms&gt;-&lt;seq&gt;</c>); resume after it with <c>Last-Event-ID</c> or <c>after</c>.</param>
/// <param name="TaskId">The task that changed.</param>
/// <param name="Queue">The task's queue.</param>
/// <param name="Type">submitted, promoted, started, succeeded, retrying, failed, failedOver, released, canceled, paused, resumed, retried or deleted.</param>
/// <param name="From">The state before; null when the task was submitted.</param>
/// <param name="To">The state after; null when the task was deleted.</param>
/// <param name="Silo">The silo of the attempt the event concerns, when there is one.</param>
/// <param name="Attempt">The task's attempt count after the transition.</param>
/// <param name="Time">When it happened (the store's clock).</param>
/// <param name="Error">The attempt's error, for retrying and failed.</param>
internal sealed record TaskEventResponse(
    string Id, string TaskId, string Queue, string Type, TaskState? From, TaskState? To, string? Silo, int Attempt, DateTimeOffset Time, string? Error)
{
    /// <summary>The response for <paramref name="e"/> (not named From: a property has that name).</summary>
    public static TaskEventResponse Of(TaskEvent e) => new(e.Id, e.TaskId, e.Queue, e.Type, e.From, e.To, e.Silo, e.Attempt, e.Time, e.Error);
}
