using System.Net;
using StackExchange.Redis;

namespace OrleansScheduler.Testing;

/// <summary>
/// A Redis master, one replica and three sentinels watching them as <see cref="ServiceName"/>, all redis-server
/// processes on free loopback ports in temp dirs, each stopped by its pid on dispose. Clients connect through
/// <see cref="ConnectionString"/> (the sentinels and the service name); <see cref="FailoverAsync"/> makes the
/// sentinels promote the replica and waits until they announce it and the old master replicates from it.
/// </summary>
public sealed class RedisSentinelSet : IAsyncLifetime
{
    /// <summary>The name the sentinels monitor the master under.</summary>
    public const string ServiceName = "mymaster";

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private readonly RedisServer _first = new() { Options = new RedisServerOptions { Arguments = ReplicationArguments } };
    private RedisServer? _second;
    private readonly List<RedisSentinel> _sentinels = [];
    private ConnectionMultiplexer? _sentinelConnection;

    /// <summary>The two data nodes, master and replica in either order after failovers.</summary>
    public IReadOnlyList<RedisServer> Nodes => [_first, _second!];

    /// <summary>The sentinels' ports.</summary>
    public IReadOnlyList<int> SentinelPorts => [.. _sentinels.Select(s => s.Port)];

    /// <summary>A StackExchange.Redis configuration that finds the master through the sentinels, e.g. <c>127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3,serviceName=mymaster</c>.</summary>
    public string ConnectionString =>
        string.Join(",", _sentinels.Select(s => $"127.0.0.1:{s.Port}")) + $",serviceName={ServiceName},abortConnect=false";

    /// <summary>The port of the node the sentinels announce as master now.</summary>
    public int MasterPort { get; private set; }

    /// <summary>The port of the other node, the replica.</summary>
    public int ReplicaPort => MasterPort == _first.Port ? _second!.Port : _first.Port;

    /// <summary>
    /// What both data nodes run with: a diskless initial sync without the default 5 s delay, so the replica
    /// is in sync within a second of starting, and after a failover without a wait either.
    /// </summary>
    private static readonly string[] ReplicationArguments = ["--repl-diskless-sync-delay", "0"];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = new RedisServer { Options = new RedisServerOptions { Arguments = [.. ReplicationArguments, "--replicaof", "127.0.0.1", _first.Port.ToString()] } };
        await _second.InitializeAsync();
        MasterPort = _first.Port;
        await WaitForAsync(() => InfoAsync(_second.Port, "master_link_status:up"), "the replica to sync with the master");
        for (int i = 0; i < 3; i++) _sentinels.Add(await RedisSentinel.StartAsync(ServiceName, _first.Port));
        _sentinelConnection = await ConnectionMultiplexer.ConnectAsync(SentinelOptions());
        await WaitForAsync(SentinelsAgreeAsync, $"every sentinel to know master {MasterPort} and its replica {ReplicaPort}");
    }

    /// <summary>
    /// SENTINEL FAILOVER: the replica becomes master. Returns once every sentinel announces it as master and the old
    /// master replicates from it, in sync. The sentinels would turn the old master into a replica on their next INFO
    /// of it, up to 10 s later; the set sends it the same REPLICAOF itself as soon as the new master is announced.
    /// </summary>
    public async Task FailoverAsync()
    {
        int oldMaster = MasterPort;
        int newMaster = ReplicaPort;
        await Sentinel(0).ExecuteAsync("SENTINEL", "FAILOVER", ServiceName);
        MasterPort = newMaster;
        await WaitForAsync(AllAnnounceMasterAsync, $"every sentinel to announce {newMaster} as master instead of {oldMaster}");
        // a plain REPLICAOF, answered OK also when a sentinel sent it first
        await using (var old = await AdminAsync(oldMaster))
            await old.GetServer(IPAddress.Loopback, oldMaster).ExecuteAsync("REPLICAOF", "127.0.0.1", newMaster.ToString());
        await WaitForAsync(() => InfoAsync(oldMaster, "master_link_status:up"), $"{oldMaster} to replicate from the new master {newMaster}");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _sentinelConnection?.Dispose();
        foreach (var sentinel in _sentinels) await sentinel.DisposeAsync();
        if (_second is not null) await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    private IServer Sentinel(int index) => _sentinelConnection!.GetServer(IPAddress.Loopback, _sentinels[index].Port);

    private async Task<bool> AllAnnounceMasterAsync()
    {
        foreach (var sentinel in _sentinels)
        {
            var master = await _sentinelConnection!.GetServer(IPAddress.Loopback, sentinel.Port).SentinelGetMasterAddressByNameAsync(ServiceName);
            if (master is not IPEndPoint { Port: var port } || port != MasterPort) return false;
        }
        return true;
    }

    private async Task<bool> SentinelsAgreeAsync()
    {
        if (!await AllAnnounceMasterAsync()) return false;
        foreach (var sentinel in _sentinels)
        {
            var replicas = await _sentinelConnection!.GetServer(IPAddress.Loopback, sentinel.Port).SentinelGetReplicaAddressesAsync(ServiceName);
            if (!replicas.OfType<IPEndPoint>().Any(r => r.Port == ReplicaPort)) return false;
        }
        return true;
    }

    private ConfigurationOptions SentinelOptions()
    {
        var options = new ConfigurationOptions { CommandMap = CommandMap.Sentinel, TieBreaker = "", AbortOnConnectFail = false };
        foreach (var sentinel in _sentinels) options.EndPoints.Add(IPAddress.Loopback, sentinel.Port);
        return options;
    }

    /// <summary>Whether INFO replication of the node on <paramref name="port"/> contains <paramref name="text"/>.</summary>
    private static async Task<bool> InfoAsync(int port, string text)
    {
        try
        {
            await using var connection = await AdminAsync(port);
            string info = await connection.GetServer(IPAddress.Loopback, port).InfoRawAsync("replication") ?? "";
            return info.Contains(text, StringComparison.Ordinal);
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private static Task<ConnectionMultiplexer> AdminAsync(int port) =>
        ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=1000,allowAdmin=true");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string awaited)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string? error = null;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (RedisException e)
            {
                // a sentinel asked while the test process is starved of threads times out: ask again
                error = e.GetType().Name;
            }
            if (watch.Elapsed > SettleTimeout)
                throw new TimeoutException($"Timed out after {SettleTimeout.TotalSeconds} s waiting for {awaited} (last error: {error ?? "none"}).");
            await Task.Delay(50); // polling interval, not a fixed wait
        }
    }
}
