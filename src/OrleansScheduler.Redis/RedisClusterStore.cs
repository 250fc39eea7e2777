using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Membership;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// The membership table and leases on Redis, shared by every silo of the cluster. Every call is
/// one Lua script on the cluster-wide <c>{os:cluster}</c> keys (layout and return codes in
/// <see cref="RedisKeys"/>'s remarks), so it is atomic and single-slot. "Now" comes from the
/// store's <see cref="TimeProvider"/> and is passed to every script; Redis TIME and key TTLs are
/// never used, so heartbeat ages and lease expiry follow the same clock as the rest of the silo.
/// Semantics match <see cref="InMemoryClusterStore"/>; one contract suite runs against both.
/// </summary>
public sealed class RedisClusterStore : IClusterStore
{
    private readonly IConnectionMultiplexer _connection;
    private readonly TimeProvider _clock;
    private readonly RedisKeys _keys;
    private readonly RedisClusterScripts _scripts;

    /// <summary>A cluster store on <paramref name="connection"/>, which it shares and does not dispose.</summary>
    /// <param name="connection">The multiplexer; the task store's can be shared.</param>
    /// <param name="options">The key prefix (the other options are the task store's).</param>
    /// <param name="clock">Where "now" comes from.</param>
    /// <param name="logger">Optional logger.</param>
    public RedisClusterStore(IConnectionMultiplexer connection, RedisStoreOptions options, TimeProvider clock, ILogger<RedisClusterStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.ThrowIfInvalidKeyPrefix();
        _connection = connection;
        _clock = clock;
        _keys = new RedisKeys(options.KeyPrefix);
        _scripts = new RedisClusterScripts(connection, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public async Task JoinAsync(SiloEntry silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(silo.Id);
        await Evaluate(_scripts.Join, [silo.Id, NowMs(), .. RedisSiloCodec.Fields(silo)]);
    }

    /// <inheritdoc />
    public async Task<HeartbeatReply> HeartbeatAsync(string siloId, int running, CancellationToken cancellationToken = default)
    {
        var reply = (RedisResult[])(await Evaluate(_scripts.Heartbeat, [siloId, NowMs(), running]))!;
        return new HeartbeatReply((long)reply[0] == 1, (long)reply[1] == 1);
    }

    /// <inheritdoc />
    public async Task<bool> SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken = default) =>
        (long)await Evaluate(_scripts.Status, [siloId, RedisSiloCodec.Letter(status)]) == 1;

    /// <inheritdoc />
    public async Task<bool> RequestDrainAsync(string siloId, CancellationToken cancellationToken = default) =>
        (long)await Evaluate(_scripts.Drain, [siloId]) == 1;

    /// <inheritdoc />
    public Task LeaveAsync(string siloId, CancellationToken cancellationToken = default) =>
        Evaluate(_scripts.Leave, [siloId]);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiloEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var reply = (RedisResult[])(await Evaluate(_scripts.List, []))!;
        var silos = new List<SiloEntry>(reply.Length / 2);
        for (int i = 0; i + 1 < reply.Length; i += 2)
        {
            if (RedisSiloCodec.ToEntry((string)reply[i]!, (RedisResult[])reply[i + 1]!) is { } silo) silos.Add(silo);
        }
        silos.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return silos;
    }

    /// <inheritdoc />
    public async Task<bool> DeclareDeadAsync(string siloId, TimeSpan deadAfter, CancellationToken cancellationToken = default) =>
        (long)await Evaluate(_scripts.DeclareDead, [siloId, NowMs(), RedisTaskCodec.Ms(deadAfter.TotalMilliseconds)]) == 1;

    /// <inheritdoc />
    public Task MarkFailoverDoneAsync(string siloId, CancellationToken cancellationToken = default) =>
        Evaluate(_scripts.FailoverDone, [siloId]);

    /// <inheritdoc />
    public async Task<int> PruneDeadAsync(TimeSpan retention, CancellationToken cancellationToken = default) =>
        (int)await Evaluate(_scripts.Prune, [NowMs(), RedisTaskCodec.Ms(retention.TotalMilliseconds)]);

    /// <inheritdoc />
    public async Task<bool> TryAcquireLeaseAsync(string role, string holder, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        long nowMs = NowMs();
        return (long)await Evaluate(_scripts.AcquireLease, [role, holder, nowMs, RedisTaskCodec.Ms(nowMs + leaseTime.TotalMilliseconds)]) == 1;
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string role, string holder, CancellationToken cancellationToken = default) =>
        Evaluate(_scripts.ReleaseLease, [role, holder]);

    /// <inheritdoc />
    public async Task<string?> GetLeaseHolderAsync(string role, CancellationToken cancellationToken = default)
    {
        var lease = await _connection.GetDatabase().HashGetAsync(_keys.Lease(role), ["h", "u"]);
        return lease[0].IsNull || RedisTaskCodec.ParseDouble(lease[1]) <= NowMs() ? null : (string?)lease[0];
    }

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<RedisResult> Evaluate(RedisScript script, RedisValue[] args) =>
        _scripts.EvaluateAsync(_connection.GetDatabase(), script, _keys.Cluster, args);
}
