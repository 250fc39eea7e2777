using Microsoft.Extensions.Logging;
using OrleansScheduler.Api;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>The task store's scripts, one per transition (<c>Scripts/*.lua</c>; return codes in <see cref="RedisKeys"/>).</summary>
internal sealed class RedisTaskScripts(IConnectionMultiplexer connection, ILogger logger) : RedisScripts(connection, logger, "tasks")
{
    public RedisScript Submit { get; } = RedisScript.FromResource("submit");
    public RedisScript Claim { get; } = RedisScript.FromResource("claim");
    public RedisScript Complete { get; } = RedisScript.FromResource("complete");
    public RedisScript Fail { get; } = RedisScript.FromResource("fail");
    public RedisScript Progress { get; } = RedisScript.FromResource("progress");
    public RedisScript Expire { get; } = RedisScript.FromResource("expire");
    public RedisScript Cancel { get; } = RedisScript.FromResource("cancel");
    public RedisScript List { get; } = RedisScript.FromResource("list");
    public RedisScript Release { get; } = RedisScript.FromResource("release");
    public RedisScript RequeueSilo { get; } = RedisScript.FromResource("requeue_silo");
    public RedisScript RunningOwners { get; } = RedisScript.FromResource("running_owners");
    public RedisScript Promote { get; } = RedisScript.FromResource("promote");
    public RedisScript Pause { get; } = RedisScript.FromResource("pause");
    public RedisScript Resume { get; } = RedisScript.FromResource("resume");
    public RedisScript Retry { get; } = RedisScript.FromResource("retry");
    public RedisScript Delete { get; } = RedisScript.FromResource("delete");
    public RedisScript Stale { get; } = RedisScript.FromResource("stale");
    public RedisScript SetLimits { get; } = RedisScript.FromResource("set_limits");
    public RedisScript Stats { get; } = RedisScript.FromResource("stats");
    public RedisScript Sweep { get; } = RedisScript.FromResource("sweep");
    public RedisScript AppendLogs { get; } = RedisScript.FromResource("append_logs");
    public RedisScript Events { get; } = RedisScript.FromResource("events");
    public RedisScript TaskEvents { get; } = RedisScript.FromResource("task_events");
    public RedisScript Get { get; } = RedisScript.FromResource("get");
    public RedisScript GetMany { get; } = RedisScript.FromResource("get_many");
    public RedisScript Wait { get; } = RedisScript.FromResource("wait");
    public RedisScript Unblock { get; } = RedisScript.FromResource("unblock");
    public RedisScript Spawn { get; } = RedisScript.FromResource("spawn");
    public RedisScript CountChild { get; } = RedisScript.FromResource("count_child");
    public RedisScript Children { get; } = RedisScript.FromResource("children");
    public RedisScript Reroute { get; } = RedisScript.FromResource("reroute");
    public RedisScript Routed { get; } = RedisScript.FromResource("routed");
    public RedisScript MemoryPolicy { get; } = RedisScript.FromResource("memory_policy");

    /// <inheritdoc />
    protected override RedisScript? PolicyCheck => MemoryPolicy;

    protected override IReadOnlyList<RedisScript> All =>
        [
            Submit, Claim, Complete, Fail, Progress, Expire, Cancel, List, Release, RequeueSilo, RunningOwners, Promote, Pause, Resume, Retry, Delete, Stale,
            SetLimits, Stats, Sweep, AppendLogs, Events, TaskEvents, Get, GetMany, Wait, Unblock, Spawn, CountChild, Children,
            Reroute, Routed, MemoryPolicy,
        ];
}
