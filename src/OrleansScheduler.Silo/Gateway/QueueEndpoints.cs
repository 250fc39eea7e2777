using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Gateway;

/// <summary><c>/api/queues</c>: the queue names and each queue's dead letters (<see cref="DeadLetterEndpoints"/>); stats, pause and resume come later (DESIGN.md §9).</summary>
internal static class QueueEndpoints
{
    /// <summary>Maps the queue routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder api)
    {
        var queues = api.MapGroup("/queues").WithTags("Queues");
        queues.MapGet("", async (ITaskStore store, CancellationToken cancellationToken) =>
                TypedResults.Ok(new QueueListResponse(await store.ListQueuesAsync(cancellationToken))))
              .WithName("ListQueues").WithSummary("The names of every queue a task was ever submitted to, sorted.");
        queues.MapDeadLetterEndpoints();
        return api;
    }
}
