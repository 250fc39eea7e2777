using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>The cluster store's scripts: membership and leases, all on the <c>{os:cluster}</c> keys (see <see cref="RedisKeys"/>).</summary>
internal sealed class RedisClusterScripts(IConnectionMultiplexer connection, ILogger logger) : RedisScripts(connection, logger)
{
    public RedisScript Join { get; } = RedisScript.FromResource("silo_join");
    public RedisScript Heartbeat { get; } = RedisScript.FromResource("silo_heartbeat");
    public RedisScript Status { get; } = RedisScript.FromResource("silo_status");
    public RedisScript Drain { get; } = RedisScript.FromResource("silo_drain");
    public RedisScript Leave { get; } = RedisScript.FromResource("silo_leave");
    public RedisScript List { get; } = RedisScript.FromResource("silo_list");
    public RedisScript DeclareDead { get; } = RedisScript.FromResource("silo_declare_dead");
    public RedisScript FailoverDone { get; } = RedisScript.FromResource("silo_failover_done");
    public RedisScript Prune { get; } = RedisScript.FromResource("silo_prune");
    public RedisScript AcquireLease { get; } = RedisScript.FromResource("lease_acquire");
    public RedisScript ReleaseLease { get; } = RedisScript.FromResource("lease_release");

    protected override IReadOnlyList<RedisScript> All =>
        [Join, Heartbeat, Status, Drain, Leave, List, DeclareDead, FailoverDone, Prune, AcquireLease, ReleaseLease];
}
