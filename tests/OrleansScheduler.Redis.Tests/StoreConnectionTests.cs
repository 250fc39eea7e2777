using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The connection the store makes for itself sends Redis nothing but the store's own calls.</summary>
public sealed class StoreConnectionTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private async Task<long> CallsAsync(string command)
    {
        foreach (var group in await redis.Admin.InfoAsync("commandstats"))
            foreach (var (key, value) in group)
                if (key == "cmdstat_" + command)
                    return long.Parse(value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    private async Task<long> SelectsDuringAsync(IConnectionMultiplexer connection)
    {
        var store = redis.NewStore(TestClock.Create(), connection: connection);
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }]); // loads the library first
        long before = await CallsAsync("select");
        for (int i = 0; i < 5; i++)
        {
            await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);
            var claimed = (await store.ClaimAsync("default", "silo-a", 1)).Tasks.Single();
            await store.CompleteAsync([new TaskCompletion(claimed.Id, "default", claimed.Token, "1")]);
        }
        return await CallsAsync("select") - before;
    }

    [Fact]
    public async Task function_calls_on_the_stores_own_connection_send_no_select()
    {
        await using var own = await ConnectionMultiplexer.ConnectAsync(RedisStoreConnection.Options(redis.Server.ConnectionString));
        Assert.Equal(0, await SelectsDuringAsync(own));
    }

    [Fact]
    public async Task a_plain_connection_selects_again_after_every_function_call_which_is_why_the_store_turns_select_off()
    {
        await using var plain = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        Assert.True(await SelectsDuringAsync(plain) >= 15);
    }

    [Fact]
    public void a_configuration_on_another_database_or_with_its_own_command_map_is_left_as_it_is()
    {
        Assert.Same(CommandMap.Default, RedisStoreConnection.Options(redis.Server.ConnectionString + ",defaultDatabase=2").CommandMap);
        Assert.Same(CommandMap.Twemproxy, RedisStoreConnection.Options(redis.Server.ConnectionString + ",proxy=Twemproxy").CommandMap);
    }
}
