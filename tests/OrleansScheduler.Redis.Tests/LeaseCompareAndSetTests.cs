using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>lease_acquire.lua and lease_release.lua as compare-and-set, raced from separate connections.</summary>
public sealed class LeaseCompareAndSetTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task silos_racing_for_an_expired_lease_on_separate_connections_leave_exactly_one_holder()
    {
        const int rounds = 100, contenders = 6;
        string prefix = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(contenders);
        var stores = connections.All.Select(c => redis.NewClusterStore(_clock, prefix, c)).ToList();

        for (int round = 0; round < rounds; round++)
        {
            // Each round the lease has expired: the last holder's renewal races everyone's takeover.
            var wins = await Task.WhenAll(stores.Select((store, n) => store.TryAcquireLeaseAsync("scheduler", $"silo-{n}.a", LeaseTime)));

            var winners = wins.Select((won, n) => (won, n)).Where(w => w.won).Select(w => $"silo-{w.n}.a").ToList();
            Assert.True(winners.Count == 1, $"round {round}: [{string.Join(", ", winners)}] hold the lease; exactly one should");
            Assert.Equal(winners[0], await stores[0].GetLeaseHolderAsync("scheduler"));
            _clock.Advance(LeaseTime + TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public async Task a_holder_whose_lease_was_taken_over_can_neither_renew_nor_release_it()
    {
        string prefix = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(2);
        var old = redis.NewClusterStore(_clock, prefix, connections.All[0]);
        var successor = redis.NewClusterStore(_clock, prefix, connections.All[1]);
        Assert.True(await old.TryAcquireLeaseAsync("scheduler", "silo-1.a", LeaseTime));
        _clock.Advance(LeaseTime + TimeSpan.FromMilliseconds(1));
        Assert.True(await successor.TryAcquireLeaseAsync("scheduler", "silo-2.a", LeaseTime));

        await old.ReleaseLeaseAsync("scheduler", "silo-1.a");
        Assert.False(await old.TryAcquireLeaseAsync("scheduler", "silo-1.a", LeaseTime));

        Assert.Equal("silo-2.a", await successor.GetLeaseHolderAsync("scheduler"));
    }

    [Fact]
    public async Task leases_of_different_roles_are_independent()
    {
        var store = redis.NewClusterStore(_clock);

        Assert.True(await store.TryAcquireLeaseAsync("scheduler", "silo-1.a", LeaseTime));
        Assert.True(await store.TryAcquireLeaseAsync("cron", "silo-2.a", LeaseTime));

        Assert.Equal(("silo-1.a", "silo-2.a"), (await store.GetLeaseHolderAsync("scheduler"), await store.GetLeaseHolderAsync("cron")));
    }
}
