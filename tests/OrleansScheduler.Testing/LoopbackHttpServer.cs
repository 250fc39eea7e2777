using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansScheduler.Testing;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1, on a port the system picks (port 0), for the HTTP executor's tests: each
/// request is answered by the test's script, on a connection of its own (<c>Connection: close</c>), and recorded
/// with the time it arrived and the time it was answered. A raw <see cref="TcpListener"/>, not ASP.NET Core, so every
/// test project can use it without a framework reference; it reads only what those tests send (a request line,
/// headers and a <c>Content-Length</c> body).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Request, Response> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly Task _accepting;
    private int _count;

    /// <summary>Starts listening; <paramref name="respond"/> answers every request (it may be called concurrently).</summary>
    public LoopbackHttpServer(Func<Request, Response> respond)
    {
        _respond = respond;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The allow-list entry for this server: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string HostEntry => $"127.0.0.1:{Port}";

    /// <summary>An absolute url of this server.</summary>
    public string Url(string pathAndQuery = "/") => $"http://127.0.0.1:{Port}{pathAndQuery}";

    /// <summary>The requests received so far, in order of arrival.</summary>
    public IReadOnlyList<Request> Requests => [.. _requests];

    /// <summary>The answers sent so far, in the order they were sent.</summary>
    public IReadOnlyList<Answer> Answers => [.. _answers];

    /// <summary>Stops listening and drops the connections still open (a delayed answer is never sent).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream);
            if (request is null) return;
            _requests.Enqueue(request);
            var response = _respond(request);
            if (response.Delay > TimeSpan.Zero) await Task.Delay(response.Delay, _stop.Token);
            await stream.WriteAsync(Encode(response), _stop.Token);
            _answers.Enqueue(new Answer(request.Number, response.Status, DateTimeOffset.UtcNow));
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (it read only part of a long body, or gave up on a delayed answer), or the server stopped.
        }
    }

    private async Task<Request?> ReadRequestAsync(NetworkStream stream)
    {
        string? requestLine = await ReadLineAsync(stream);
        if (string.IsNullOrEmpty(requestLine)) return null;
        var parts = requestLine.Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (string? line = await ReadLineAsync(stream); !string.IsNullOrEmpty(line); line = await ReadLineAsync(stream))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length) : 0];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new Request(Interlocked.Increment(ref _count), parts[0], parts.Length > 1 ? parts[1] : "/", headers, Encoding.UTF8.GetString(body), DateTimeOffset.UtcNow);
    }

    private async Task<string?> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
        return line.Length == 0 ? null : line.ToString();
    }

    private static byte[] Encode(Response response)
    {
        var body = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder($"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
        if (response.ContentType is not null) head.Append($"Content-Type: {response.ContentType}\r\n");
        head.Append($"Content-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) head.Append($"{name}: {value}\r\n");
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        404 => "Not Found",
        503 => "Service Unavailable",
        _ => "Status",
    };

    /// <summary>One request as the server read it.</summary>
    /// <param name="Number">Its number in order of arrival, from 1.</param>
    /// <param name="Method">The request method.</param>
    /// <param name="Target">The path and query, as sent.</param>
    /// <param name="Headers">The headers, by case-insensitive name.</param>
    /// <param name="Body">The body as UTF-8 text.</param>
    /// <param name="ReceivedAt">When it was read.</param>
    public sealed record Request(int Number, string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
    {
        /// <summary>The value of header <paramref name="name"/>, or null.</summary>
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>What the server answers.</summary>
    /// <param name="Status">The status code.</param>
    /// <param name="Body">The body, sent as UTF-8.</param>
    /// <param name="ContentType">The <c>Content-Type</c>, or null for none.</param>
    /// <param name="Headers">More headers (<c>Retry-After</c>, <c>Location</c>).</param>
    /// <param name="Delay">How long to wait before answering.</param>
    public sealed record Response(int Status, string Body = "", string? ContentType = "text/plain; charset=utf-8",
        IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
    {
        /// <summary>A JSON answer.</summary>
        public static Response Json(string json, int status = 200) => new(status, json, "application/json; charset=utf-8");

        /// <summary>An answer with one more header.</summary>
        public Response With(string name, string value) =>
            this with { Headers = new Dictionary<string, string>(Headers ?? new Dictionary<string, string>()) { [name] = value } };
    }

    /// <summary>An answer sent: to which request, with which status, when.</summary>
    public sealed record Answer(int Number, int Status, DateTimeOffset At);
}
