using System.Net.Http.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>
/// Typed client of a silo's gateway API. Give it an <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is the gateway (e.g. <c>http://localhost:5080/</c>) and, when
/// the gateway requires one, an <c>X-Api-Key</c> default header. Every refusal is thrown as a
/// <see cref="SchedulerApiException"/> carrying the gateway's ProblemDetails.
/// </summary>
/// <remarks>
/// Beside the members here, extension methods in this namespace cover a task's history
/// (<see cref="SchedulerClientHistoryExtensions"/>: logs, attempts, events, progress and the live
/// event stream), a queue's stats, limits and default routing (<see cref="SchedulerClientQueueExtensions"/>) and cron
/// schedules (<see cref="SchedulerClientScheduleExtensions"/>).
/// </remarks>
public sealed class SchedulerClient(HttpClient http)
{
    /// <summary>The HttpClient the extension methods send with.</summary>
    internal HttpClient Http => http;

    /// <summary>
    /// A client of several gateways (<see cref="GatewayFailoverHandler"/>): requests go to the one that answered
    /// last, and move on to the next when it stops answering; <see cref="GatewayUnreachableException"/> when none
    /// does. <paramref name="configure"/> may add default headers (an <c>X-Api-Key</c>). The HttpClient lives as
    /// long as the process's use of the client: keep one and share it.
    /// </summary>
    /// <param name="gateways">The gateways' base addresses, e.g. <c>http://gw-1:5080/</c>, tried in order.</param>
    /// <param name="configure">Changes to the HttpClient before first use, or null.</param>
    public static SchedulerClient ForGateways(IReadOnlyList<Uri> gateways, Action<HttpClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var http = new HttpClient(new GatewayFailoverHandler(gateways)) { BaseAddress = GatewayFailoverHandler.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        configure?.Invoke(http);
        return new SchedulerClient(http);
    }

    /// <summary>Submits one task.</summary>
    public async Task<SubmittedTask> SubmitAsync(SubmitTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await http.PostAsJsonAsync("api/tasks", request, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<SubmittedTask>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits tasks all or nothing (at most 1000) and returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> SubmitBatchAsync(IReadOnlyList<SubmitTaskRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var response = await http.PostAsJsonAsync("api/tasks/batch", new SubmitBatchRequest(requests), ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return (await GatewayHttp.ReadAsync<SubmittedBatch>(response, cancellationToken).ConfigureAwait(false)).Ids;
    }

    /// <summary>The task, or null when the gateway knows no task <paramref name="id"/>.</summary>
    public Task<TaskInfo?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        GatewayHttp.GetOrNullAsync<TaskInfo>(http, GatewayHttp.TaskPath(id), cancellationToken);

    /// <summary>
    /// The task once it is terminal (Succeeded, Failed or Canceled), or as it is after
    /// <paramref name="wait"/> (at most a minute per request: <c>GET /api/tasks/{id}?waitMs=N</c>);
    /// null when the gateway knows no task <paramref name="id"/>.
    /// </summary>
    public Task<TaskInfo?> WaitAsync(string id, TimeSpan wait, CancellationToken cancellationToken = default) =>
        GatewayHttp.GetOrNullAsync<TaskInfo>(http,
            GatewayHttp.TaskPath(id) + "?waitMs=" + ((long)Math.Clamp(wait.TotalMilliseconds, 0, 60_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);

    /// <summary>One page of tasks in creation order, filtered by <paramref name="query"/>.</summary>
    public async Task<TaskPageInfo> ListAsync(TaskListQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/tasks" + QueryString(query ?? new TaskListQuery()), cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<TaskPageInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a Pending, Scheduled, Paused or Running task and returns it as it is now (Canceled). A
    /// Running task's handler sees its cancellation token fire, and whatever it returns is discarded.
    /// </summary>
    /// <exception cref="SchedulerApiException">404 when there is no such task; 409 when it has already finished.</exception>
    public Task<TaskInfo> CancelAsync(string id, CancellationToken cancellationToken = default) =>
        PostTaskAsync(id, "/cancel", cancellationToken);

    /// <summary>Holds a Pending or Scheduled task back (Paused) until <see cref="ResumeAsync"/>; returns it as it is now.</summary>
    /// <exception cref="SchedulerApiException">404 when there is no such task; 409 when it is not Pending or Scheduled.</exception>
    public Task<TaskInfo> PauseAsync(string id, CancellationToken cancellationToken = default) =>
        PostTaskAsync(id, "/pause", cancellationToken);

    /// <summary>Lets a Paused task go (Scheduled if its run-at is still ahead, Pending otherwise); returns it as it is now.</summary>
    /// <exception cref="SchedulerApiException">404 when there is no such task; 409 when it is not Paused.</exception>
    public Task<TaskInfo> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        PostTaskAsync(id, "/resume", cancellationToken);

    /// <summary>Runs a Failed or Canceled task again now (Pending, attempts reset, last error kept); returns it as it is now.</summary>
    /// <exception cref="SchedulerApiException">404 when there is no such task; 409 when it is not Failed or Canceled.</exception>
    public Task<TaskInfo> RetryAsync(string id, CancellationToken cancellationToken = default) =>
        PostTaskAsync(id, "/retry", cancellationToken);

    /// <summary>
    /// Deletes a task and returns it as it was when removed. A Running task is canceled first (its
    /// handler's token fires) and comes back Canceled.
    /// </summary>
    /// <exception cref="SchedulerApiException">404 when there is no such task.</exception>
    public async Task<TaskInfo> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(GatewayHttp.TaskPath(id), cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<TaskInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of the Failed tasks of <paramref name="queue"/> (its dead letters) with their last
    /// error, in creation order; pass the page's <see cref="TaskPageInfo.NextCursor"/> as
    /// <paramref name="cursor"/> for the next. <paramref name="limit"/> is 1–1000 (gateway default 100).
    /// </summary>
    public async Task<TaskPageInfo> ListDeadLetterAsync(string queue, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var parts = new List<string>();
        if (limit is { } n) parts.Add("limit=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (cursor is not null) parts.Add("cursor=" + Uri.EscapeDataString(cursor));
        string query = parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        using var response = await http.GetAsync(GatewayHttp.QueuePath(queue) + "/dead-letter" + query, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<TaskPageInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retries Failed tasks of <paramref name="queue"/>: those in <paramref name="ids"/> (1–1000), or
    /// every one when <paramref name="ids"/> is null. Ids that are not Failed tasks of the queue are
    /// reported in <see cref="DeadLetterRetryResult.Skipped"/>, not thrown.
    /// </summary>
    public async Task<DeadLetterRetryResult> RetryDeadLetterAsync(string queue, IReadOnlyList<string>? ids = null, CancellationToken cancellationToken = default)
    {
        string path = GatewayHttp.QueuePath(queue) + "/dead-letter/retry";
        using var response = ids is null
            ? await http.PostAsync(path, content: null, cancellationToken).ConfigureAwait(false)
            : await http.PostAsJsonAsync(path, new DeadLetterRetryRequest(ids), ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<DeadLetterRetryResult>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every queue tasks were submitted to (or that was paused or given limits), sorted by name, each
    /// with its stats: tasks per state, throughput of the last minute, the oldest Pending task's wait, and its limits.
    /// </summary>
    public async Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/queues", cancellationToken).ConfigureAwait(false);
        return (await GatewayHttp.ReadAsync<QueueList>(response, cancellationToken).ConfigureAwait(false)).Stats;
    }

    /// <summary>Orleans' membership: every silo with its status and load, and the silo the scheduler grain runs on.</summary>
    public async Task<SiloList> ListSilosAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/silos", cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<SiloList>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The silo with the address <paramref name="id"/> (<c>host:port@generation</c>), or null when the membership does not list it.</summary>
    public Task<SiloInfo?> GetSiloAsync(string id, CancellationToken cancellationToken = default) =>
        GatewayHttp.GetOrNullAsync<SiloInfo>(http, GatewayHttp.SiloPath(id), cancellationToken);

    /// <summary>
    /// Asks the silo <paramref name="id"/> to drain: it stops claiming, lets its running tasks finish
    /// (handing back what is left after its drain timeout), then leaves the cluster and stops.
    /// Returns the silo as it was when the request was accepted.
    /// </summary>
    /// <exception cref="SchedulerApiException">404 when there is no such silo; 409 when it is not Active.</exception>
    public async Task<SiloInfo> DrainSiloAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(GatewayHttp.SiloPath(id) + "/drain", content: null, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<SiloInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskInfo> PostTaskAsync(string id, string action, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(GatewayHttp.TaskPath(id) + action, content: null, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<TaskInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    private static string QueryString(TaskListQuery query)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null) parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("queue", query.Queue);
        Add("status", query.Status?.ToString());
        Add("type", query.Type);
        Add("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("cursor", query.Cursor);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
