using System.Net.Http.Json;
using OrleansScheduler.Api;

namespace OrleansScheduler.Client;

/// <summary>Workflows through the gateway (<c>/api/workflows</c>): DAGs of tasks, each running once the tasks it depends on succeeded.</summary>
public static class SchedulerClientWorkflowExtensions
{
    /// <summary>Creates a workflow and returns it with its nodes (those without dependencies are already on their way).</summary>
    /// <exception cref="SchedulerApiException">400 naming each invalid field: a cycle, a missing or a duplicate key, an invalid task.</exception>
    public static async Task<WorkflowInfo> CreateWorkflowAsync(this SchedulerClient client, WorkflowRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using var response = await client.Http.PostAsJsonAsync("api/workflows", request, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<WorkflowInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The workflow with every node's state and its edges, or null when there is none with that id.</summary>
    public static Task<WorkflowInfo?> GetWorkflowAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<WorkflowInfo>(client.Http, Path(id), cancellationToken);
    }

    /// <summary>
    /// The workflow once it is no longer Running (Succeeded, Failed or Canceled), or as it is when
    /// <paramref name="wait"/> (at most 60 s per call) is over; null when there is none with that id.
    /// </summary>
    public static Task<WorkflowInfo?> WaitForWorkflowAsync(this SchedulerClient client, string id, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        long ms = (long)Math.Clamp(wait.TotalMilliseconds, 0, 60_000);
        return GatewayHttp.GetOrNullAsync<WorkflowInfo>(client.Http, $"{Path(id)}?waitMs={ms}", cancellationToken);
    }

    /// <summary>Cancels a Running workflow: its unfinished nodes are canceled.</summary>
    /// <exception cref="SchedulerApiException">404 for an unknown id; 409 when the workflow is no longer Running.</exception>
    public static Task<WorkflowInfo> CancelWorkflowAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default) =>
        PostAsync(client, Path(id) + "/cancel", cancellationToken);

    /// <summary>Runs the Failed and Canceled nodes of a Failed or Canceled workflow again.</summary>
    /// <exception cref="SchedulerApiException">404 for an unknown id; 409 when the workflow is Running or Succeeded.</exception>
    public static Task<WorkflowInfo> RetryWorkflowAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default) =>
        PostAsync(client, Path(id) + "/retry", cancellationToken);

    /// <summary>Deletes the workflow and its tasks (running ones canceled first); returns it as it was.</summary>
    /// <exception cref="SchedulerApiException">404 for an unknown id.</exception>
    public static async Task<WorkflowInfo> DeleteWorkflowAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.DeleteAsync(Path(id), cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<WorkflowInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<WorkflowInfo> PostAsync(SchedulerClient client, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.PostAsync(path, content: null, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<WorkflowInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    private static string Path(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "api/workflows/" + Uri.EscapeDataString(id);
    }
}
