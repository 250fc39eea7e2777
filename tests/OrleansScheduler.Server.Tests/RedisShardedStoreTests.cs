using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Silos on <c>UseRedisTaskStore</c> with a 3-master Redis Cluster's connection string: queues whose keys sit on
/// different shards run side by side, each task once.
/// </summary>
public sealed class RedisShardedStoreTests(RedisClusterServer redis, ITestOutputHelper output)
    : ClusterTestBase(() => new RedisClusterStorage(redis.ConnectionString), output), IClassFixture<RedisClusterServer>
{
    private static readonly string[] Queues = [.. Enumerable.Range(0, 8).Select(i => $"shard-{i}")];

    [Fact]
    public async Task tasks_in_eight_queues_spread_over_the_shards_each_succeed_exactly_once()
    {
        var owners = await OwnersAsync(Queues);
        Assert.True(owners.Values.Distinct().Count() >= 2, $"the queues' slots all sit on one node: {string.Join(", ", owners)}");
        await DeployAsync(2, o => o.Queues = [.. Queues]);

        var submitted = await Task.WhenAll(Queues.Select(q => SubmitAsync("quick", 25, queue: q)));
        string[] ids = [.. submitted.SelectMany(i => i)];
        var finished = await WaitUntilFinishedAsync(ids);

        Assert.All(finished, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.Equal(Queues.SelectMany(q => Enumerable.Repeat(q, 25)), finished.Select(t => t.Queue));
        Assert.Equal(ids.Order(StringComparer.Ordinal), Ledger.Starts.Select(s => s.TaskId).Order(StringComparer.Ordinal));
    }

    /// <summary>The port of the node that owns each queue's slot (its hash tag <c>{q:&lt;queue&gt;}</c>), as the cluster says.</summary>
    private async Task<Dictionary<string, int>> OwnersAsync(IEnumerable<string> queues)
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string queue in queues) owners[queue] = await redis.OwnerOfAsync(await redis.KeySlotAsync($"{{q:{queue}}}"));
        return owners;
    }
}
