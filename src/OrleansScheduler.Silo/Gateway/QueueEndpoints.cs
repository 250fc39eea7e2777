using OrleansScheduler.Api;
using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// <c>/api/queues</c>: the queues with their stats, pausing and resuming a whole queue, its limits
/// (<see cref="QueueLimitsEndpoints"/>) and its dead letters (<see cref="DeadLetterEndpoints"/>).
/// </summary>
internal static class QueueEndpoints
{
    /// <summary>Maps the queue routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder api)
    {
        var queues = api.MapGroup("/queues").WithTags("Queues");
        queues.MapGet("", ListAsync).WithName("ListQueues")
              .WithSummary("The names of every queue a task was ever submitted to (or that was paused or given limits), those paused now, and each queue's stats, sorted.")
              .Produces<QueueList>();
        queues.MapGet("/{name}", GetAsync).WithName("GetQueue")
              .WithSummary("One queue's stats: tasks per state, succeeded and failed in the last minute, the oldest Pending task's wait, and its limits.")
              .Produces<QueueInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        queues.MapPost("/{name}/pause", (string name, ITaskStore store, CancellationToken cancellationToken) => SetPausedAsync(name, true, store, cancellationToken))
              .WithName("PauseQueue").WithSummary("Pauses a queue: no task of it is claimed until it is resumed; running attempts continue. Idempotent.");
        queues.MapPost("/{name}/resume", (string name, ITaskStore store, CancellationToken cancellationToken) => SetPausedAsync(name, false, store, cancellationToken))
              .WithName("ResumeQueue").WithSummary("Resumes a paused queue: its tasks are claimed again. Idempotent.");
        queues.MapQueueLimitsEndpoints();
        queues.MapDeadLetterEndpoints();
        return api;
    }

    /// <summary>The 400 for a <c>{name}</c> route value no queue can have, or null when it is valid.</summary>
    internal static IResult? InvalidQueue(string name) => TaskLimits.IsValidQueue(name)
        ? null
        : Problems.Invalid("The queue name is invalid.", "name", $"queue name '{Text.Clip(name)}' must match {TaskLimits.QueuePattern}.");

    /// <summary>The 404 for a valid queue name the store does not list (no task, pause or limits ever named it), or null when it does.</summary>
    internal static async Task<IResult?> UnknownQueueAsync(string name, ITaskStore store, CancellationToken cancellationToken) =>
        (await store.ListQueuesAsync(cancellationToken)).Contains(name, StringComparer.Ordinal) ? null : Problems.QueueNotFound(name);

    private static async Task<IResult> ListAsync(ITaskStore store, CancellationToken cancellationToken)
    {
        var names = await store.ListQueuesAsync(cancellationToken);
        var paused = await store.ListPausedQueuesAsync(cancellationToken);
        var stats = new List<QueueInfo>(names.Count);
        foreach (string name in names) stats.Add((await store.GetQueueStatsAsync(name, cancellationToken)).ToInfo());
        return TypedResults.Ok(new QueueList(names, paused, stats));
    }

    private static async Task<IResult> GetAsync(string name, ITaskStore store, CancellationToken cancellationToken)
    {
        if (InvalidQueue(name) is { } refusal) return refusal;
        if (await UnknownQueueAsync(name, store, cancellationToken) is { } unknown) return unknown;
        return TypedResults.Ok((await store.GetQueueStatsAsync(name, cancellationToken)).ToInfo());
    }

    private static async Task<IResult> SetPausedAsync(string name, bool paused, ITaskStore store, CancellationToken cancellationToken)
    {
        if (InvalidQueue(name) is { } refusal) return refusal;
        await store.SetQueuePausedAsync(name, paused, cancellationToken);
        return TypedResults.Ok(new QueuePauseResponse(name, paused));
    }
}
