using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// The data watch behind <c>/healthz</c>: Redis losing its data under a running process (its marker gone or written
/// anew, Orleans' membership hash without <c>Version</c>) is a loss an operator must repair and stays reported; Redis
/// unreachable is reported while it lasts and is no loss.
/// </summary>
public sealed class RedisDataWatchTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly string _prefix = RedisServer.NewKeyPrefix();
    private readonly ListLogger<RedisDataWatch> _log = new();

    private RedisKey Marker => $"{_prefix}:{{os:cluster}}:marker";

    private RedisDataWatch NewWatch(RedisKey? membership = null, IConnectionMultiplexer? connection = null) =>
        new(connection ?? redis.Connection, _prefix, membership, logger: _log);

    private IDatabase Database => redis.Connection.GetDatabase();

    [Fact]
    public async Task a_store_whose_marker_is_still_there_is_ok_and_the_first_check_writes_the_marker()
    {
        var watch = NewWatch();

        var health = await watch.CheckAsync();

        Assert.Equal(StoreHealth.Ok, health);
        Assert.Equal(StoreHealth.Ok, watch.Current);
        Assert.True(await Database.KeyExistsAsync(Marker));
    }

    [Fact]
    public async Task a_process_that_starts_later_adopts_the_marker_the_first_one_wrote()
    {
        var first = NewWatch();
        await first.CheckAsync();
        string written = (await Database.StringGetAsync(Marker))!;

        var later = NewWatch();

        Assert.Equal(StoreHealth.Ok, await later.CheckAsync());
        Assert.Equal(StoreHealth.Ok, await first.CheckAsync());
        Assert.Equal(written, (string?)await Database.StringGetAsync(Marker));
    }

    [Fact]
    public async Task the_marker_gone_is_reported_as_data_lost_until_the_process_restarts_even_when_it_comes_back()
    {
        var watch = NewWatch();
        await watch.CheckAsync();
        var marker = await Database.StringGetAsync(Marker);

        await Database.KeyDeleteAsync(Marker);
        var health = await watch.CheckAsync();
        await Database.StringSetAsync(Marker, marker);

        Assert.Equal("redis-data-lost", health.Status);
        Assert.True(health.NeedsOperator);
        Assert.Contains(Marker.ToString(), health.Cause);
        Assert.Equal(health, await watch.CheckAsync());
        Assert.Single(_log.Messages, m => m.Contains("Redis lost data under this process", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_marker_written_anew_by_a_process_that_started_after_a_wipe_is_data_lost_for_the_processes_that_ran_before()
    {
        var before = NewWatch();
        await before.CheckAsync();

        await Database.KeyDeleteAsync(Marker);
        var after = NewWatch();
        Assert.Equal(StoreHealth.Ok, await after.CheckAsync());
        var health = await before.CheckAsync();

        Assert.Equal("redis-data-lost", health.Status);
        Assert.Contains("written anew", health.Cause);
    }

    [Fact]
    public async Task a_membership_hash_that_lost_its_version_field_is_membership_lost()
    {
        RedisKey members = $"{_prefix}/members/cluster";
        await Database.HashSetAsync(members, [new("Version", 3), new("S127.0.0.1:11111:1", "{}")]);
        var watch = NewWatch(members);
        Assert.Equal(StoreHealth.Ok, await watch.CheckAsync());

        await Database.HashDeleteAsync(members, "Version");
        var health = await watch.CheckAsync();

        Assert.Equal("membership-lost", health.Status);
        Assert.True(health.NeedsOperator);
        Assert.Contains(members.ToString(), health.Cause);
    }

    [Fact]
    public async Task an_unreachable_redis_is_reported_while_it_lasts_and_is_not_a_loss()
    {
        using var nowhere = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{FreePort.Next()},abortConnect=false,connectTimeout=200,syncTimeout=500,asyncTimeout=500");
        var watch = NewWatch(connection: nowhere);

        var health = await watch.CheckAsync();

        Assert.Equal("redis-unreachable", health.Status);
        Assert.False(health.NeedsOperator);
        Assert.NotNull(health.Cause);
    }
}
