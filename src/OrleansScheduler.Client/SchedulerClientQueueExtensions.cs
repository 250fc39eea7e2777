using System.Net.Http.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>One queue's stats, its limits and its default routing through the gateway (<see cref="SchedulerClient.ListQueuesAsync"/> lists them all).</summary>
public static class SchedulerClientQueueExtensions
{
    /// <summary>
    /// The queue's stats: tasks per state, throughput of the last minute, the oldest Pending task's
    /// wait, and its limits. Null when no task was submitted to it and it was never paused or given limits.
    /// </summary>
    public static Task<QueueInfo?> GetQueueAsync(this SchedulerClient client, string queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<QueueInfo>(client.Http, GatewayHttp.QueuePath(queue), cancellationToken);
    }

    /// <summary>The queue's limits (null properties: no limit, default retention); null when the gateway knows no such queue.</summary>
    public static Task<QueueLimitsInfo?> GetQueueLimitsAsync(this SchedulerClient client, string queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<QueueLimitsInfo>(client.Http, GatewayHttp.QueuePath(queue) + "/limits", cancellationToken);
    }

    /// <summary>
    /// Replaces the queue's limits as a whole (a null property: no limit, default retention) and
    /// returns them as stored. Every silo's claims obey them from the next claim on. Creates the
    /// queue when it has none yet.
    /// </summary>
    /// <exception cref="SchedulerApiException">400 naming each field out of range.</exception>
    public static async Task<QueueLimitsInfo> SetQueueLimitsAsync(this SchedulerClient client, string queue, QueueLimitsInfo limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(limits);
        using var response = await client.Http.PutAsJsonAsync(GatewayHttp.QueuePath(queue) + "/limits", limits, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<QueueLimitsInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The routing the queue gives tasks submitted to it without one; null when it has none (its tasks are
    /// shared pull) or the gateway knows no such queue.
    /// </summary>
    public static Task<TaskRouting?> GetQueueRoutingAsync(this SchedulerClient client, string queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<TaskRouting>(client.Http, GatewayHttp.QueuePath(queue) + "/routing", cancellationToken);
    }

    /// <summary>
    /// Sets the routing the queue gives tasks submitted to it without one, and returns it as stored. Tasks
    /// already submitted keep theirs. Creates the queue when it has none yet.
    /// </summary>
    /// <exception cref="SchedulerApiException">400 naming each invalid field (e.g. <c>key</c> missing with consistentHash).</exception>
    public static async Task<TaskRouting> SetQueueRoutingAsync(this SchedulerClient client, string queue, TaskRouting routing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(routing);
        using var response = await client.Http.PutAsJsonAsync(GatewayHttp.QueuePath(queue) + "/routing", routing, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<TaskRouting>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the queue's default routing, so its tasks submitted without one are shared pull again; done also when it had none.</summary>
    /// <exception cref="SchedulerApiException">404 when the gateway knows no such queue.</exception>
    public static async Task ClearQueueRoutingAsync(this SchedulerClient client, string queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.DeleteAsync(GatewayHttp.QueuePath(queue) + "/routing", cancellationToken).ConfigureAwait(false);
        await GatewayHttp.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pauses the queue: no silo claims its tasks until <see cref="ResumeQueueAsync"/>; Running ones go on.
    /// A queue can be paused before its first task. Returns the queue's pause state as it is now.
    /// </summary>
    /// <exception cref="SchedulerApiException">400 for an invalid queue name.</exception>
    public static Task<QueuePause> PauseQueueAsync(this SchedulerClient client, string queue, CancellationToken cancellationToken = default) =>
        SetPausedAsync(client, queue, "/pause", cancellationToken);

    /// <summary>Resumes a paused queue: its tasks are claimed again. Returns the queue's pause state as it is now.</summary>
    /// <exception cref="SchedulerApiException">400 for an invalid queue name.</exception>
    public static Task<QueuePause> ResumeQueueAsync(this SchedulerClient client, string queue, CancellationToken cancellationToken = default) =>
        SetPausedAsync(client, queue, "/resume", cancellationToken);

    private static async Task<QueuePause> SetPausedAsync(SchedulerClient client, string queue, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.PostAsync(GatewayHttp.QueuePath(queue) + action, content: null, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<QueuePause>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The gateway's whole answer to <c>GET /api/queues</c>: every queue's name, the paused ones, and each
    /// one's stats (what <see cref="SchedulerClient.ListQueuesAsync"/> returns alone).
    /// </summary>
    public static async Task<QueueList> GetQueueListAsync(this SchedulerClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.GetAsync("api/queues", cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<QueueList>(response, cancellationToken).ConfigureAwait(false);
    }
}
