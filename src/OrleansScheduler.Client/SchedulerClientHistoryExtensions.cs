using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>A task's history through the gateway: its handler's log lines, its attempts, its events and progress, and a queue's live event stream.</summary>
public static class SchedulerClientHistoryExtensions
{
    /// <summary>The lines the task's handler logged, oldest first; null when there is no such task.</summary>
    public static async Task<IReadOnlyList<TaskLogLineInfo>?> GetLogsAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var answer = await GatewayHttp.GetOrNullAsync<TaskLogs>(client.Http, GatewayHttp.TaskPath(id) + "/logs", cancellationToken).ConfigureAwait(false);
        return answer?.Lines;
    }

    /// <summary>
    /// The task's attempts, oldest first; a Running task's current attempt comes last with outcome
    /// <c>running</c>. Null when there is no such task.
    /// </summary>
    public static async Task<IReadOnlyList<TaskAttemptInfo>?> GetAttemptsAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var answer = await GatewayHttp.GetOrNullAsync<TaskAttempts>(client.Http, GatewayHttp.TaskPath(id) + "/attempts", cancellationToken).ConfigureAwait(false);
        return answer?.Attempts;
    }

    /// <summary>The task's events still in its queue's event stream, oldest first; null when there is no such task.</summary>
    public static async Task<IReadOnlyList<TaskEventInfo>?> GetTaskEventsAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var answer = await GatewayHttp.GetOrNullAsync<TaskEvents>(client.Http, GatewayHttp.TaskPath(id) + "/events", cancellationToken).ConfigureAwait(false);
        return answer?.Events;
    }

    /// <summary>The task's state and the latest progress its handler reported; null when there is no such task.</summary>
    public static Task<TaskProgressInfo?> GetProgressAsync(this SchedulerClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<TaskProgressInfo>(client.Http, GatewayHttp.TaskPath(id) + "/progress", cancellationToken);
    }

    /// <summary>
    /// The events of <paramref name="queue"/> as they happen (Server-Sent Events from
    /// <c>GET /api/events</c>): from the oldest the gateway keeps, or after
    /// <paramref name="lastEventId"/>, then live until <paramref name="cancellationToken"/> fires or the
    /// connection ends. It does not reconnect by itself: to go on after a dropped connection, call it
    /// again with the <see cref="TaskEventInfo.Id"/> of the last event seen.
    /// </summary>
    /// <remarks>
    /// The stream is read outside <see cref="HttpClient.Timeout"/> (which covers only the wait for the
    /// response headers), so it may stay open as long as events, or the gateway's keep-alives, flow.
    /// </remarks>
    /// <exception cref="SchedulerApiException">The gateway refused the request (e.g. 400 for an invalid queue name or event id).</exception>
    public static async IAsyncEnumerable<TaskEventInfo> StreamEventsAsync(
        this SchedulerClient client, string queue, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(queue);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/events?queue=" + Uri.EscapeDataString(queue));
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Accept.ParseAdd("application/problem+json");
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await GatewayHttp.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var message in ServerSentEventReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize<TaskEventInfo>(message.Data, ApiJson.Options)
                         ?? throw new JsonException($"The gateway sent event '{message.Id}' with data null where a task event was expected.");
        }
    }
}
