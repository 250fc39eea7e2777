using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>The schedule store's scripts, all on the <c>{os:cluster}</c> keys (see <see cref="RedisKeys"/>).</summary>
internal sealed class RedisScheduleScripts(IConnectionMultiplexer connection, ILogger logger) : RedisScripts(connection, logger, "schedules")
{
    public RedisScript Create { get; } = RedisScript.FromResource("schedule_create");
    public RedisScript Upsert { get; } = RedisScript.FromResource("schedule_upsert");
    public RedisScript Advance { get; } = RedisScript.FromResource("schedule_advance");
    public RedisScript Delete { get; } = RedisScript.FromResource("schedule_delete");
    public RedisScript List { get; } = RedisScript.FromResource("schedule_list");

    protected override IReadOnlyList<RedisScript> All => [Create, Upsert, Advance, Delete, List];
}
