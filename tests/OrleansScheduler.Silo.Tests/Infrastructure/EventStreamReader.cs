using System.Net;
using System.Text;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// Reads a gateway's Server-Sent Events by hand (so the gateway's framing is tested apart from the
/// typed client's parser): opens <c>GET /api/events</c> with ResponseHeadersRead and hands out
/// frames as they arrive. Disposing it closes the connection, as a client going away does.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    /// <summary>The response, whose headers have arrived.</summary>
    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/>, sending <paramref name="lastEventId"/> as Last-Event-ID when given; fails the test unless the answer is 200.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new Xunit.Sdk.XunitException($"Expected 200 for {path}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next frame (event or comment), failing the test when none comes within <paramref name="timeout"/> (default 15 s).</summary>
    public async Task<SseFrame> NextAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        string? id = null, type = null, data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync().WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"No complete SSE frame within {limit.TotalSeconds:0.#} s (so far: id={id}, event={type}, data={data}).");
            }
            if (line is null) throw new Xunit.Sdk.XunitException("The event stream ended.");
            if (line.Length == 0)
            {
                if (id is not null || type is not null || data is not null) return new SseFrame(id, type, data, null);
                continue;
            }
            if (line.StartsWith(':')) return new SseFrame(null, null, null, line[1..].Trim());
            int colon = line.IndexOf(':');
            string field = line[..colon], value = line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
                default: throw new Xunit.Sdk.XunitException($"Unexpected SSE line: {line}");
            }
        }
    }

    /// <summary>True when the stream ends (or breaks) within <paramref name="timeout"/>, whatever frames come before; false when it is still open.</summary>
    public async Task<bool> EndedAsync(TimeSpan timeout)
    {
        try
        {
            await _reader.ReadToEndAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Events (comments skipped) until <paramref name="done"/> holds for all read so far; fails after <paramref name="timeout"/> naming <paramref name="awaited"/>.</summary>
    public async Task<List<SseFrame>> ReadUntilAsync(Func<List<SseFrame>, bool> done, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        var events = new List<SseFrame>();
        while (!done(events))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new Xunit.Sdk.XunitException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {awaited}; events so far: {string.Join(" | ", events.Select(e => e.Data))}");
            var frame = await NextAsync(left);
            if (frame.Comment is null) events.Add(frame);
        }
        return events;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
