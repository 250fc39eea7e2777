using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// One silo of a <see cref="TestCluster"/>: its own Generic Host in this process. The handle
/// outlives the silo, so a test can still ask which incarnation it was after stopping or killing it.
/// </summary>
public sealed class SiloHandle : IAsyncDisposable
{
    private const int Created = 0, Running = 1, Stopped = 2, Killed = 3;

    private readonly IHost _host;
    private readonly IAsyncDisposable? _owned;
    private readonly SiloIdentity _identity;
    private int _state = Created;
    private int _disposed;

    internal SiloHandle(string name, IHost host, IAsyncDisposable? owned)
    {
        Name = name;
        _host = host;
        _owned = owned;
        _identity = host.Services.GetRequiredService<SiloIdentity>();
    }

    /// <summary>The silo's name, e.g. <c>silo-2</c>; a restarted silo keeps it.</summary>
    public string Name { get; }

    /// <summary>
    /// The silo's current incarnation id, e.g. <c>silo-2.mhx3k2a1</c>: it changes when the silo rejoins
    /// after being declared dead, and stays at the last one once the silo was stopped or killed.
    /// </summary>
    public string SiloId => _identity.Id;

    /// <summary>True from start until the silo is stopped or killed.</summary>
    public bool IsRunning => Volatile.Read(ref _state) == Running;

    /// <summary>True once the silo was killed with <see cref="TestCluster.KillSiloAsync"/>.</summary>
    public bool IsKilled => Volatile.Read(ref _state) == Killed;

    /// <summary>The silo's services (its worker, scheduler role, stores, options…); disposed with its host.</summary>
    public IServiceProvider Services => _host.Services;

    /// <inheritdoc />
    public override string ToString() => $"{SiloId} ({StateName})";

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Created) != Created) throw new InvalidOperationException($"Silo {Name} was started already.");
        try
        {
            await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _state, Stopped);
            await DisposeHostAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Graceful: the host stops its services in reverse order (the role hands its lease on, the worker drains, the silo leaves the table).</summary>
    internal async Task StopAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Stopped, Running) != Running) return;
        await _host.StopAsync().ConfigureAwait(false);
        await DisposeHostAsync().ConfigureAwait(false);
    }

    /// <summary>A crash: heartbeats, claims and sweeps stop at once; handlers run on as zombies until the host is disposed.</summary>
    internal void Kill()
    {
        if (Interlocked.CompareExchange(ref _state, Killed, Running) != Running) return;
        _host.Services.GetRequiredService<SiloKillSwitch>().Kill();
    }

    /// <summary>
    /// Stops a running silo gracefully; for a killed silo, disposes its host at last, which cancels
    /// its zombie handlers and closes its store connections.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (IsRunning) await StopAsync().ConfigureAwait(false);
        else await DisposeHostAsync().ConfigureAwait(false);
    }

    private async ValueTask DisposeHostAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // On the thread pool: after StopAsync this may run on a store client's I/O thread (StackExchange.Redis
        // 1.2.6 completes on its reader), where disposing services that wait on that client would hang.
        await Task.Run(async () =>
        {
            if (_host is IAsyncDisposable host) await host.DisposeAsync().ConfigureAwait(false);
            else _host.Dispose();
            if (_owned is not null) await _owned.DisposeAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private string StateName => Volatile.Read(ref _state) switch
    {
        Created => "created",
        Running => "running",
        Stopped => "stopped",
        _ => "killed",
    };
}
