using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/queues</c>: the queues with their stats, pausing and resuming a whole queue, its limits
/// (<see cref="QueueLimitsEndpoints"/>), its default routing (<see cref="QueueRoutingEndpoints"/>) and its dead
/// letters (<see cref="DeadLetterEndpoints"/>), through the queue's grain (and the catalog grain for the list).
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
        queues.MapPost("/{name}/pause", (string name, IGrainFactory grains) => SetPausedAsync(name, true, grains))
              .WithName("PauseQueue").WithSummary("Pauses a queue: no task of it is claimed until it is resumed; running attempts continue. Idempotent.");
        queues.MapPost("/{name}/resume", (string name, IGrainFactory grains) => SetPausedAsync(name, false, grains))
              .WithName("ResumeQueue").WithSummary("Resumes a paused queue: its tasks are claimed again. Idempotent.");
        queues.MapQueueLimitsEndpoints();
        queues.MapQueueRoutingEndpoints();
        queues.MapDeadLetterEndpoints();
        return api;
    }

    /// <summary>The 400 for a <c>{name}</c> route value no queue can have, or null when it is valid.</summary>
    internal static IResult? InvalidQueue(string name) => TaskLimits.IsValidQueue(name)
        ? null
        : Problems.Invalid("The queue name is invalid.", "name", $"queue name '{Text.Clip(name)}' must match {TaskLimits.QueuePattern}.");

    /// <summary>The 404 for a valid queue name the store does not list (no task, pause or limits ever named it), or null when it does.</summary>
    internal static async Task<IResult?> UnknownQueueAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IQueueGrain>(name).ExistsAsync() ? null : Problems.QueueNotFound(name);

    private static async Task<IResult> ListAsync(IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).ListQueuesAsync());

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        if (InvalidQueue(name) is { } refusal) return refusal;
        if (await UnknownQueueAsync(name, grains) is { } unknown) return unknown;
        return TypedResults.Ok(await grains.GetGrain<IQueueGrain>(name).GetStatsAsync());
    }

    private static async Task<IResult> SetPausedAsync(string name, bool paused, IGrainFactory grains)
    {
        if (InvalidQueue(name) is { } refusal) return refusal;
        return TypedResults.Ok(await grains.GetGrain<IQueueGrain>(name).SetPausedAsync(paused));
    }
}
