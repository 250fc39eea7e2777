using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;

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
             .Produces<ChildPageInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return tasks;
    }

    /// <summary>Most children one page lists.</summary>
    private const int MaxChildPage = 1000;

    private static Task<IResult> ChildrenAsync(string id, IGrainFactory grains, HttpRequest request)
    {
        var errors = new List<ValidationError>();
        int start = Whole(request, "start", 0, 0, int.MaxValue, errors);
        int limit = Whole(request, "limit", 100, 1, MaxChildPage, errors);
        if (errors.Count > 0) return Task.FromResult<IResult>(Problems.Invalid("The children request is invalid.", errors));
        return ReadAsync(id, grains, g => g.GetChildrenAsync(start, limit));
    }

    private static int Whole(HttpRequest request, string name, int fallback, int min, int max, List<ValidationError> errors)
    {
        if (!request.Query.TryGetValue(name, out var values)) return fallback;
        if (values.Count == 1 && int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        errors.Add(new ValidationError(name, $"{name} must be a whole number from {min} to {max}, not '{Text.Clip(values.ToString())}'."));
        return fallback;
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
