using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansScheduler.Client;

/// <summary>
/// Typed client of a silo's gateway API. Give it an <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is the gateway (e.g. <c>http://localhost:5080/</c>) and, when
/// the gateway requires one, an <c>X-Api-Key</c> default header. Every refusal is thrown as a
/// <see cref="SchedulerApiException"/> carrying the gateway's ProblemDetails.
/// </summary>
public sealed class SchedulerClient(HttpClient http)
{
    /// <summary>Submits one task.</summary>
    public async Task<SubmittedTask> SubmitAsync(TaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await http.PostAsJsonAsync("api/tasks", request, ClientJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<SubmittedTask>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits tasks all or nothing (at most 1000) and returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> SubmitBatchAsync(IReadOnlyList<TaskRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var response = await http.PostAsJsonAsync("api/tasks/batch", new BatchBody(requests), ClientJson.Options, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync<BatchAnswer>(response, cancellationToken).ConfigureAwait(false)).Ids;
    }

    /// <summary>The task, or null when the gateway knows no task <paramref name="id"/>.</summary>
    public async Task<TaskInfo?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(TaskPath(id), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync<TaskInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of tasks in creation order, filtered by <paramref name="query"/>.</summary>
    public async Task<TaskPageInfo> ListAsync(TaskListQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/tasks" + QueryString(query ?? new TaskListQuery()), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<TaskPageInfo>(response, cancellationToken).ConfigureAwait(false);
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
        using var response = await http.DeleteAsync(TaskPath(id), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<TaskInfo>(response, cancellationToken).ConfigureAwait(false);
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
        using var response = await http.GetAsync(QueuePath(queue) + "/dead-letter" + query, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<TaskPageInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retries Failed tasks of <paramref name="queue"/>: those in <paramref name="ids"/> (1–1000), or
    /// every one when <paramref name="ids"/> is null. Ids that are not Failed tasks of the queue are
    /// reported in <see cref="DeadLetterRetryResult.Skipped"/>, not thrown.
    /// </summary>
    public async Task<DeadLetterRetryResult> RetryDeadLetterAsync(string queue, IReadOnlyList<string>? ids = null, CancellationToken cancellationToken = default)
    {
        string path = QueuePath(queue) + "/dead-letter/retry";
        using var response = ids is null
            ? await http.PostAsync(path, content: null, cancellationToken).ConfigureAwait(false)
            : await http.PostAsJsonAsync(path, new RetryBody(ids), ClientJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<DeadLetterRetryResult>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The names of the queues tasks were submitted to.</summary>
    public async Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/queues", cancellationToken).ConfigureAwait(false);
        return (await ReadAsync<QueueAnswer>(response, cancellationToken).ConfigureAwait(false)).Queues;
    }

    /// <summary>The membership table: every silo incarnation and who holds the scheduler role.</summary>
    public async Task<SiloListInfo> ListSilosAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/silos", cancellationToken).ConfigureAwait(false);
        return await ReadAsync<SiloListInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The silo incarnation <paramref name="id"/>, or null when it is not in the table (it left, was pruned, or never was).</summary>
    public async Task<SiloInfo?> GetSiloAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(SiloPath(id), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync<SiloInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the silo incarnation <paramref name="id"/> to drain: it stops claiming, lets its running
    /// attempts finish (handing back what is left after its drain timeout) and leaves the table.
    /// Returns the silo as it was when the request was accepted.
    /// </summary>
    /// <exception cref="SchedulerApiException">404 when there is no such silo; 409 when it is Dead.</exception>
    public async Task<SiloInfo> DrainSiloAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(SiloPath(id) + "/drain", content: null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<SiloInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskInfo> PostTaskAsync(string id, string action, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(TaskPath(id) + action, content: null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<TaskInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    private static string QueuePath(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return "api/queues/" + Uri.EscapeDataString(queue);
    }

    private static string SiloPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "api/silos/" + Uri.EscapeDataString(id);
    }

    private static string TaskPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "api/tasks/" + Uri.EscapeDataString(id);
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

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var value = await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken).ConfigureAwait(false);
        return value ?? throw new JsonException($"The gateway answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected.");
    }

    private static async Task<SchedulerApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? title = null, detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = StringProperty(root, "title");
                detail = StringProperty(root, "detail");
                if (root.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object)
                {
                    errors = [];
                    foreach (var field in map.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails (a proxy's error page, say): keep the start of the text as the detail.
            detail = body.Length > 500 ? body[..500] : body;
        }
        return new SchedulerApiException(response.StatusCode, title ?? response.ReasonPhrase, string.IsNullOrEmpty(detail) ? null : detail, errors);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record BatchBody(IReadOnlyList<TaskRequest> Tasks);

    private sealed record BatchAnswer(IReadOnlyList<string> Ids);

    private sealed record QueueAnswer(IReadOnlyList<string> Queues);

    private sealed record RetryBody(IReadOnlyList<string> Ids);
}
