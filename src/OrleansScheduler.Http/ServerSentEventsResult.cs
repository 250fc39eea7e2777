using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Writes a queue's events as Server-Sent Events until the client disconnects: each event as
/// <c>id</c>, <c>event</c> (its type) and <c>data</c> (<see cref="TaskEventInfo"/> JSON on one
/// line), a batch flushed at once; a <c>: keep-alive</c> comment after a quiet
/// <see cref="EventStreamOptions.KeepAliveInterval"/>. The queue's grain is polled (it reads the store):
/// Redis may not be read with blocking commands on the shared multiplexer, and a poll costs one read.
/// The stream also ends when the silo stops (<paramref name="stopping"/>): a graceful stop waits
/// for open requests, and a stream never finishes by itself; its client resumes elsewhere with
/// Last-Event-ID.
/// </summary>
/// <remarks>
/// Our own result rather than ASP.NET Core 10's <c>TypedResults.ServerSentEvents</c>: that one writes
/// only <c>SseItem</c> events through <c>SseFormatter</c>, which has no way to write a comment, so the
/// keep-alive would have to become an event every client sees. Resume would work with it
/// (<c>SseItem.EventId</c>); the <c>: keep-alive</c> comment does not.
/// </remarks>
internal sealed partial class ServerSentEventsResult(
    EventStreamRequest request, IReadOnlyList<TaskEventInfo> first, IQueueGrain queue, EventStreamOptions options,
    JsonSerializerOptions json, TimeProvider clock, CancellationToken stopping, ILogger<ServerSentEventsResult> logger) : IResult
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var cancellationToken = ending.Token;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EventEndpoints.EventStreamMediaType;
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold events back to fill their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            // Headers go out now, so a client sees the stream open even on a queue with nothing to say
            // (some servers, the test host among them, hold them back until a flush).
            await response.StartAsync(cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            var batch = first;
            string? after = request.After;
            long lastWrite = clock.GetTimestamp();
            while (true)
            {
                if (batch.Count > 0)
                {
                    await response.Body.WriteAsync(Format(batch), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    after = batch[^1].Id;
                    lastWrite = clock.GetTimestamp();
                }
                else if (clock.GetElapsedTime(lastWrite) >= options.KeepAliveInterval)
                {
                    await response.Body.WriteAsync(KeepAlive, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastWrite = clock.GetTimestamp();
                }
                // A full batch means more may be waiting: read on at once.
                if (batch.Count < EventStreamOptions.BatchSize) await Task.Delay(options.PollInterval, clock, cancellationToken);
                batch = await queue.ReadEventsAsync(after, EventStreamOptions.BatchSize).WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or the silo is stopping: the normal ends of a stream.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The status line is sent; ending the response is all that is left. The client resumes with Last-Event-ID.
            LogStreamFailed(logger, e, request.Queue);
        }
    }

    /// <summary>The batch as SSE frames. The JSON is written on one line (the serializer escapes newlines in strings), so one data line holds it.</summary>
    private byte[] Format(IReadOnlyList<TaskEventInfo> batch)
    {
        var text = new StringBuilder();
        foreach (var e in batch)
        {
            text.Append("id: ").Append(e.Id).Append('\n')
                .Append("event: ").Append(e.Type).Append('\n')
                .Append("data: ").Append(JsonSerializer.Serialize(e, json)).Append("\n\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Event stream of queue {Queue} ended: reading its events failed")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, string queue);
}
