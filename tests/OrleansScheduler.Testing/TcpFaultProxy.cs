using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansScheduler.Testing;

/// <summary>
/// A loopback TCP proxy from a free port to a server's port (a redis-server's), with faults a test sets off:
/// <see cref="DropAll"/> closes every open connection at once; <see cref="Stall"/> stops forwarding in both
/// directions while the sockets stay open, as a network that went silent; <see cref="LoseNextReply"/> lets
/// the next request through to the server but swallows its answer and then drops that connection, so the
/// command ran and the caller never heard. Stopped, with every connection, on dispose.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly Task _accepting;
    // Completed while forwarding; replaced by an incomplete one during a stall.
    private volatile TaskCompletionSource _flowing = Completed();
    private string? _loseReplyTo;
    private int _lostReplies, _dropped;

    /// <summary>Listens on a free loopback port and forwards every connection to <paramref name="targetPort"/> on 127.0.0.1.</summary>
    public TcpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>The connections open now.</summary>
    public int OpenConnections => _links.Count;

    /// <summary>How many connections a fault closed (drops and lost replies).</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>How many replies were swallowed by <see cref="LoseNextReply"/>.</summary>
    public int LostReplies => Volatile.Read(ref _lostReplies);

    /// <summary>Whether a reply to lose is still awaited.</summary>
    public bool LosingReply => Volatile.Read(ref _loseReplyTo) is not null;

    /// <summary>Closes every open connection now; new ones are accepted as before.</summary>
    public void DropAll()
    {
        foreach (var link in _links.Keys) Drop(link);
    }

    /// <summary>Stops forwarding in both directions, keeping every socket open, until <see cref="Resume"/>; connections made meanwhile stall too.</summary>
    public void Stall()
    {
        if (_flowing.Task.IsCompleted) _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Forwards again what a <see cref="Stall"/> held back, in order.</summary>
    public void Resume() => _flowing.TrySetResult();

    /// <summary>
    /// The next request whose bytes contain <paramref name="marker"/> (ASCII; any request when null) reaches the server,
    /// but what the server answers on that connection is swallowed and the connection dropped: the command ran, the
    /// caller never heard.
    /// </summary>
    public void LoseNextReply(string? marker = null) => Volatile.Write(ref _loseReplyTo, marker ?? "");

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            }
            catch (Exception)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            var link = new Link(client, server);
            _links[link] = 0;
            _ = Task.Run(() => PumpAsync(link, toServer: true));
            _ = Task.Run(() => PumpAsync(link, toServer: false));
        }
    }

    private async Task PumpAsync(Link link, bool toServer)
    {
        var from = toServer ? link.Client : link.Server;
        var to = toServer ? link.Server : link.Client;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0) break;
                await _flowing.Task.WaitAsync(_stopping.Token);
                if (toServer && TakeReplyToLose(buffer.AsSpan(0, read))) link.SwallowReplies = true;
                if (!toServer && link.SwallowReplies)
                {
                    // The server answered: the command ran. The caller must never hear it.
                    Interlocked.Increment(ref _lostReplies);
                    Interlocked.Increment(ref _dropped);
                    break;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception)
        {
            // A socket closed under the pump (a drop, the other side, or the proxy stopping): the link ends.
        }
        Close(link);
    }

    private bool TakeReplyToLose(ReadOnlySpan<byte> request)
    {
        string? marker = Volatile.Read(ref _loseReplyTo);
        if (marker is null) return false;
        if (marker.Length > 0 && request.IndexOf(Encoding.ASCII.GetBytes(marker)) < 0) return false;
        return Interlocked.CompareExchange(ref _loseReplyTo, null, marker) == marker;
    }

    private void Drop(Link link)
    {
        if (_links.ContainsKey(link)) Interlocked.Increment(ref _dropped);
        Close(link);
    }

    private void Close(Link link)
    {
        if (!_links.TryRemove(link, out _)) return;
        link.Client.Dispose();
        link.Server.Dispose();
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Resume();
        foreach (var link in _links.Keys) Close(link);
        await _accepting;
        _stopping.Dispose();
    }

    private sealed class Link(Socket client, Socket server)
    {
        public Socket Client { get; } = client;
        public Socket Server { get; } = server;
        public volatile bool SwallowReplies;
    }
}
