using OrleansScheduler.Silo.Gateway.Contracts;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Gateway;

/// <summary><c>/api/queues</c>: the queue names for now; stats, pause and resume come later (DESIGN.md §9).</summary>
internal static class QueueEndpoints
{
    /// <summary>Maps the queue routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/queues", async (ITaskStore store, CancellationToken cancellationToken) =>
                TypedResults.Ok(new QueueListResponse(await store.ListQueuesAsync(cancellationToken))))
           .WithName("ListQueues").WithTags("Queues");
        return api;
    }
}
