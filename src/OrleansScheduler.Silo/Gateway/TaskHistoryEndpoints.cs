using OrleansScheduler.Api;
using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// <c>/api/tasks/{id}/…</c> reads of how a task got where it is: the lines its handler logged, its
/// attempts, its events and its latest progress. Each answers 404 for an unknown id and 400 for an
/// id no task can have.
/// </summary>
internal static class TaskHistoryEndpoints
{
    /// <summary>Maps the routes under the <c>/tasks</c> group.</summary>
    public static RouteGroupBuilder MapTaskHistoryEndpoints(this RouteGroupBuilder tasks)
    {
        Read<TaskLogs>(tasks.MapGet("/{id}/logs", LogsAsync), "GetTaskLogs",
            "The lines the task's handler logged, oldest first: the newest Scheduler:History:MaxLogLines (default 200), each cut to Scheduler:History:MaxLogLineLength characters (default 2000).");
        Read<TaskAttempts>(tasks.MapGet("/{id}/attempts", AttemptsAsync), "GetTaskAttempts",
            "The task's attempts, oldest first, with silo, start, finish, outcome and error; a Running task's current attempt comes last with outcome running.");
        Read<TaskEvents>(tasks.MapGet("/{id}/events", EventsAsync), "GetTaskEvents",
            "The task's events still in its queue's event stream, oldest first.");
        Read<TaskProgressInfo>(tasks.MapGet("/{id}/progress", ProgressAsync), "GetTaskProgress",
            "The task's state and the latest progress (0-100) and message its handler reported.");
        return tasks;
    }

    private static void Read<TResponse>(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary)
             .Produces<TResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> LogsAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        var lines = await store.GetLogsAsync(id, cancellationToken);
        return lines is null ? Problems.TaskNotFound(id) : TypedResults.Ok(new TaskLogs(id, [.. lines.Select(TaskContracts.ToInfo)]));
    }

    private static async Task<IResult> AttemptsAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        var attempts = await store.GetAttemptsAsync(id, cancellationToken);
        return attempts is null ? Problems.TaskNotFound(id) : TypedResults.Ok(new TaskAttempts(id, [.. attempts.Select(TaskContracts.ToInfo)]));
    }

    private static async Task<IResult> EventsAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        var events = await store.GetTaskEventsAsync(id, cancellationToken);
        return events is null ? Problems.TaskNotFound(id) : TypedResults.Ok(new TaskEvents(id, [.. events.Select(TaskContracts.ToInfo)]));
    }

    private static async Task<IResult> ProgressAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        var task = await store.GetAsync(id, cancellationToken);
        return task is null ? Problems.TaskNotFound(id) : TypedResults.Ok(new TaskProgressInfo(id, task.Status, task.Progress, task.ProgressMessage));
    }
}
