using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary><c>/api/queues</c>: the queue names, pausing and resuming a whole queue, and each queue's dead letters (<see cref="DeadLetterEndpoints"/>); stats and limits come later (DESIGN.md §9).</summary>
internal static class QueueEndpoints
{
    /// <summary>Maps the queue routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder api)
    {
        var queues = api.MapGroup("/queues").WithTags("Queues");
        queues.MapGet("", async (ITaskStore store, CancellationToken cancellationToken) =>
                TypedResults.Ok(new QueueListResponse(await store.ListQueuesAsync(cancellationToken), await store.ListPausedQueuesAsync(cancellationToken))))
              .WithName("ListQueues").WithSummary("The names of every queue a task was ever submitted to (or that was paused), and those paused now, sorted.");
        queues.MapPost("/{name}/pause", (string name, ITaskStore store, CancellationToken cancellationToken) => SetPausedAsync(name, true, store, cancellationToken))
              .WithName("PauseQueue").WithSummary("Pauses a queue: no task of it is claimed until it is resumed; running attempts continue. Idempotent.");
        queues.MapPost("/{name}/resume", (string name, ITaskStore store, CancellationToken cancellationToken) => SetPausedAsync(name, false, store, cancellationToken))
              .WithName("ResumeQueue").WithSummary("Resumes a paused queue: its tasks are claimed again. Idempotent.");
        queues.MapDeadLetterEndpoints();
        return api;
    }

    /// <summary>The 400 for a <c>{name}</c> route value no queue can have, or null when it is valid.</summary>
    internal static IResult? InvalidQueue(string name) => TaskLimits.IsValidQueue(name)
        ? null
        : Problems.Invalid("The queue name is invalid.", "name", $"queue name '{Text.Clip(name)}' must match {TaskLimits.QueuePattern}.");

    private static async Task<IResult> SetPausedAsync(string name, bool paused, ITaskStore store, CancellationToken cancellationToken)
    {
        if (InvalidQueue(name) is { } refusal) return refusal;
        await store.SetQueuePausedAsync(name, paused, cancellationToken);
        return TypedResults.Ok(new QueuePauseResponse(name, paused));
    }
}
