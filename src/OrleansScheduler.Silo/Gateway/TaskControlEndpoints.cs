using OrleansScheduler.Api;
using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// <c>/api/tasks/{id}</c> state changes: cancel, pause, resume, retry and delete. Each answers 200
/// with the task, 404 for an unknown id, 400 for an id no task can have, and 409 naming the queue,
/// the task, its state and the states the operation needs.
/// </summary>
internal static class TaskControlEndpoints
{
    /// <summary>How often DELETE cancels a task it found Running and tries again before it answers the 409 (a retry may restart it meanwhile).</summary>
    private const int DeleteTries = 3;

    /// <summary>Maps the routes under the <c>/tasks</c> group.</summary>
    public static RouteGroupBuilder MapTaskControlEndpoints(this RouteGroupBuilder tasks)
    {
        Control(tasks.MapPost("/{id}/cancel", (string id, ITaskStore store, CancellationToken ct) => RunAsync(id, store.CancelAsync, ct)), "CancelTask",
            "Cancel a Pending, Scheduled, Paused or Running task. A Running task ends Canceled at once and its handler's cancellation token fires; its outcome is discarded.");
        Control(tasks.MapPost("/{id}/pause", (string id, ITaskStore store, CancellationToken ct) => RunAsync(id, store.PauseAsync, ct)), "PauseTask",
            "Hold a Pending or Scheduled task back (Paused) until it is resumed.");
        Control(tasks.MapPost("/{id}/resume", (string id, ITaskStore store, CancellationToken ct) => RunAsync(id, store.ResumeAsync, ct)), "ResumeTask",
            "Let a Paused task go: Scheduled if its run-at is still ahead, Pending otherwise.");
        Control(tasks.MapPost("/{id}/retry", (string id, ITaskStore store, CancellationToken ct) => RunAsync(id, store.RetryAsync, ct)), "RetryTask",
            "Run a Failed or Canceled task again now: Pending, attempts and failovers reset, the last error kept.");
        Control(tasks.MapDelete("/{id}", DeleteAsync), "DeleteTask",
            "Delete a task and answer it as it was when removed. A Running task is canceled first (its handler's token fires), then deleted, and is answered Canceled.");
        return tasks;
    }

    private static void Control(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary)
             .Produces<TaskInfo>().ProducesValidationProblem()
             .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> RunAsync(string id, Func<string, CancellationToken, Task<TaskRecord>> operation, CancellationToken cancellationToken)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        try
        {
            return TypedResults.Ok((await operation(id, cancellationToken)).ToInfo());
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

    private static async Task<IResult> DeleteAsync(string id, ITaskStore store, CancellationToken cancellationToken)
    {
        if (TaskEndpoints.InvalidId(id) is { } refusal) return refusal;
        for (int tries = 1; ; tries++)
        {
            try
            {
                return TypedResults.Ok((await store.DeleteAsync(id, cancellationToken)).ToInfo());
            }
            catch (TaskNotFoundException)
            {
                return Problems.TaskNotFound(id);
            }
            catch (TaskStateConflictException conflict) when (conflict.Actual == TaskState.Running && tries < DeleteTries)
            {
                // The store deletes only what does not run; cancel it, then delete what is left.
                try
                {
                    await store.CancelAsync(id, cancellationToken);
                }
                catch (TaskStateConflictException)
                {
                    // It finished between the two calls; deleting it now needs no cancel.
                }
                catch (TaskNotFoundException)
                {
                    return Problems.TaskNotFound(id);
                }
            }
            catch (TaskStateConflictException conflict)
            {
                return Problems.StateConflict(conflict);
            }
        }
    }
}
