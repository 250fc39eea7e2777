using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/tasks/{id}</c> state changes: cancel, pause, resume, retry and delete, each a call of the
/// task's grain. Each answers 200 with the task, 404 for an unknown id, 400 for an id no task can have,
/// and 409 naming the queue, the task, its state and the states the operation needs.
/// </summary>
internal static class TaskControlEndpoints
{
    /// <summary>Maps the routes under the <c>/tasks</c> group.</summary>
    public static RouteGroupBuilder MapTaskControlEndpoints(this RouteGroupBuilder tasks)
    {
        Control(tasks.MapPost("/{id}/cancel", (string id, IGrainFactory grains) => RunAsync(id, grains, g => g.CancelAsync())), "CancelTask",
            "Cancel a Pending, Scheduled, Paused or Running task. A Running task ends Canceled at once and its handler's cancellation token fires; its outcome is discarded.");
        Control(tasks.MapPost("/{id}/pause", (string id, IGrainFactory grains) => RunAsync(id, grains, g => g.PauseAsync())), "PauseTask",
            "Hold a Pending or Scheduled task back (Paused) until it is resumed.");
        Control(tasks.MapPost("/{id}/resume", (string id, IGrainFactory grains) => RunAsync(id, grains, g => g.ResumeAsync())), "ResumeTask",
            "Let a Paused task go: Scheduled if its run-at is still ahead, Pending otherwise.");
        Control(tasks.MapPost("/{id}/retry", (string id, IGrainFactory grains) => RunAsync(id, grains, g => g.RetryAsync())), "RetryTask",
            "Run a Failed or Canceled task again now: Pending, attempts and failovers reset, the last error kept.");
        Control(tasks.MapDelete("/{id}", (string id, IGrainFactory grains) => RunAsync(id, grains, g => g.DeleteAsync())), "DeleteTask",
            "Delete a task and answer it as it was when removed. A Running task is canceled first (its handler's token fires), then deleted, and is answered Canceled.");
        return tasks;
    }

    private static void Control(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary)
             .Produces<TaskInfo>().ProducesValidationProblem()
             .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> RunAsync(string id, IGrainFactory grains, Func<ITaskGrain, Task<TaskInfo>> operation)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        try
        {
            return TypedResults.Ok(await operation(grains.GetGrain<ITaskGrain>(id)));
        }
        catch (TaskNotFoundException)
        {
            return Problems.TaskNotFound(id);
        }
        catch (TaskStateConflictException conflict)
        {
            return Problems.StateConflict(conflict);
        }
    }
}
