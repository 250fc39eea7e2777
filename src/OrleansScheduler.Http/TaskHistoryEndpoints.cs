using OrleansScheduler.Api;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Http;

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
        tasks.MapGet("/{id}/children", ChildrenAsync).WithName("GetTaskChildren")
             .WithSummary("The task's children in spawn order, with status, result and error: start (default 0) and limit (1 to 1000, default 100); next is the start of the following page.")
             .Produces<ChildPageInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
             .AddOpenApiOperationTransformer(TaskQueryParser.DescribeParameters(TaskQueryParser.ChildrenParameters));
        return tasks;
    }

    private static Task<IResult> ChildrenAsync(string id, IGrainFactory grains, HttpRequest request)
    {
        var (start, limit, errors) = TaskQueryParser.ParseChildren(request.Query);
        if (errors.Count > 0) return Task.FromResult<IResult>(Problems.Invalid("The children request is invalid.", errors));
        return ReadAsync(id, grains, g => g.GetChildrenAsync(start, limit));
    }

    private static void Read<TResponse>(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary)
             .Produces<TResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

    private static Task<IResult> LogsAsync(string id, IGrainFactory grains) => ReadAsync(id, grains, g => g.GetLogsAsync());

    private static Task<IResult> AttemptsAsync(string id, IGrainFactory grains) => ReadAsync(id, grains, g => g.GetAttemptsAsync());

    private static Task<IResult> EventsAsync(string id, IGrainFactory grains) => ReadAsync(id, grains, g => g.GetEventsAsync());

    private static Task<IResult> ProgressAsync(string id, IGrainFactory grains) => ReadAsync(id, grains, g => g.GetProgressAsync());

    private static async Task<IResult> ReadAsync<T>(string id, IGrainFactory grains, Func<ITaskGrain, Task<T?>> read) where T : class
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        return await read(grains.GetGrain<ITaskGrain>(id)) is { } answer ? TypedResults.Ok(answer) : Problems.TaskNotFound(id);
    }
}
