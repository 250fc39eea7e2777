using OrleansScheduler.Membership;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>silo_declare_dead.lua under races between silos on separate connections: one death, one failover.</summary>
public sealed class DeclareDeadRaceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new();

    private SiloEntry Silo(string id) => new() { Id = id, Name = id.Split('.')[0], Status = SiloStatus.Active, StartedAt = _clock.GetUtcNow() };

    [Fact]
    public async Task silos_racing_to_declare_the_same_silo_dead_on_separate_connections_have_exactly_one_winner()
    {
        const int rounds = 100, detectors = 6;
        string prefix = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(detectors);
        var stores = connections.All.Select(c => redis.NewClusterStore(_clock, prefix, c)).ToList();

        for (int round = 0; round < rounds; round++)
        {
            string id = $"silo-{round}.a";
            await stores[0].JoinAsync(Silo(id));
            _clock.Advance(DeadAfter + TimeSpan.FromMilliseconds(1));

            var wins = await Task.WhenAll(stores.Select(store => store.DeclareDeadAsync(id, DeadAfter)));

            int winners = wins.Count(won => won);
            Assert.True(winners == 1, $"round {round}: {winners} detectors declared {id} dead; exactly one should");
        }
        Assert.All(await stores[0].ListAsync(), silo => Assert.Equal(SiloStatus.Dead, silo.Status));
    }

    [Fact]
    public async Task a_heartbeat_racing_a_declaration_of_death_either_saves_the_silo_or_learns_it_died()
    {
        const int rounds = 100;
        string prefix = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(2);
        var silo = redis.NewClusterStore(_clock, prefix, connections.All[0]);
        var detector = redis.NewClusterStore(_clock, prefix, connections.All[1]);

        for (int round = 0; round < rounds; round++)
        {
            string id = $"silo-{round}.a";
            await silo.JoinAsync(Silo(id));
            _clock.Advance(DeadAfter + TimeSpan.FromMilliseconds(1));

            var heartbeat = silo.HeartbeatAsync(id, running: 1);
            var declared = await detector.DeclareDeadAsync(id, DeadAfter);
            bool alive = (await heartbeat).Alive;

            Assert.True(alive != declared, $"round {round}: heartbeat alive = {alive}, declared dead = {declared}; exactly one should hold");
            var status = Assert.Single(await silo.ListAsync(), s => s.Id == id).Status;
            Assert.Equal(declared ? SiloStatus.Dead : SiloStatus.Active, status);
        }
    }
}
