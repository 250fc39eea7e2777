using OrleansScheduler.Membership;

namespace OrleansScheduler.Testing;

/// <summary>
/// The behaviour every cluster store (membership table and leases) must have; the in-memory and
/// Redis stores each subclass it once. Every test gets a fresh, empty store on a fake clock.
/// </summary>
public abstract class ClusterStoreContract
{
    private static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(5);
    protected FakeTimeProvider Clock { get; } = new();

    /// <summary>A fresh, empty store that reads time from <paramref name="clock"/>.</summary>
    protected abstract Task<IClusterStore> CreateStoreAsync(TimeProvider clock);

    private Task<IClusterStore> NewStore() => CreateStoreAsync(Clock);

    private SiloEntry Silo(string id, SiloStatus status = SiloStatus.Active) => new()
    {
        Id = id,
        Name = id.Split('.')[0],
        Address = "http://127.0.0.1:5081",
        Queues = ["default", "images"],
        Capacity = 8,
        Labels = new Dictionary<string, string> { ["zone"] = "a" },
        Version = "1.2.3",
        StartedAt = Clock.GetUtcNow(),
        Status = status,
    };

    [Fact]
    public async Task a_joined_silo_is_listed_with_everything_it_registered()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));

        var silo = Assert.Single(await store.ListAsync());
        Assert.Equal("silo-1.a", silo.Id);
        Assert.Equal("silo-1", silo.Name);
        Assert.Equal("http://127.0.0.1:5081", silo.Address);
        Assert.Equal(["default", "images"], silo.Queues);
        Assert.Equal(8, silo.Capacity);
        Assert.Equal("a", silo.Labels["zone"]);
        Assert.Equal("1.2.3", silo.Version);
        Assert.Equal(Clock.GetUtcNow(), silo.StartedAt);
        Assert.Equal(Clock.GetUtcNow(), silo.LastHeartbeat);
        Assert.Equal(SiloStatus.Active, silo.Status);
        Assert.False(silo.DrainRequested);
    }

    [Fact]
    public async Task a_heartbeat_records_time_and_load()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));
        Clock.Advance(TimeSpan.FromSeconds(2));

        var reply = await store.HeartbeatAsync("silo-1.a", running: 5);

        Assert.Equal(new HeartbeatReply(true, false), reply);
        var silo = Assert.Single(await store.ListAsync());
        Assert.Equal(Clock.GetUtcNow(), silo.LastHeartbeat);
        Assert.Equal(5, silo.Running);
    }

    [Fact]
    public async Task a_silent_silo_is_declared_dead_once_and_only_after_dead_after()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));

        Clock.Advance(DeadAfter);
        Assert.False(await store.DeclareDeadAsync("silo-1.a", DeadAfter));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var declarations = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.DeclareDeadAsync("silo-1.a", DeadAfter)));

        Assert.Equal(1, declarations.Count(won => won));
        var silo = Assert.Single(await store.ListAsync());
        Assert.Equal(SiloStatus.Dead, silo.Status);
        Assert.Equal(Clock.GetUtcNow(), silo.DeclaredDeadAt);
        Assert.False(silo.FailoverDone);
    }

    [Fact]
    public async Task a_heartbeat_that_arrived_in_time_saves_the_silo()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));
        Clock.Advance(TimeSpan.FromSeconds(4));
        await store.HeartbeatAsync("silo-1.a", 0);
        Clock.Advance(TimeSpan.FromSeconds(4));

        Assert.False(await store.DeclareDeadAsync("silo-1.a", DeadAfter));
        Assert.Equal(SiloStatus.Active, Assert.Single(await store.ListAsync()).Status);
    }

    [Fact]
    public async Task a_dead_incarnation_learns_it_from_its_next_heartbeat_and_cannot_come_back()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));
        Clock.Advance(TimeSpan.FromSeconds(6));
        await store.DeclareDeadAsync("silo-1.a", DeadAfter);

        Assert.Equal(new HeartbeatReply(false, false), await store.HeartbeatAsync("silo-1.a", 3));
        Assert.False(await store.SetStatusAsync("silo-1.a", SiloStatus.Active));
        Assert.Equal(SiloStatus.Dead, Assert.Single(await store.ListAsync()).Status);
        Assert.Equal(new HeartbeatReply(false, false), await store.HeartbeatAsync("never-joined.x", 0));
    }

    [Fact]
    public async Task status_changes_and_drain_requests_reach_the_silo()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a", SiloStatus.Joining));

        Assert.True(await store.SetStatusAsync("silo-1.a", SiloStatus.Active));
        Assert.True(await store.RequestDrainAsync("silo-1.a"));
        Assert.False(await store.RequestDrainAsync("unknown.x"));

        Assert.Equal(new HeartbeatReply(true, true), await store.HeartbeatAsync("silo-1.a", 0));
        var silo = Assert.Single(await store.ListAsync());
        Assert.Equal(SiloStatus.Active, silo.Status);
        Assert.True(silo.DrainRequested);
    }

    [Fact]
    public async Task a_silo_that_leaves_is_gone_from_the_table()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));
        await store.JoinAsync(Silo("silo-2.a"));

        await store.LeaveAsync("silo-1.a");

        Assert.Equal(["silo-2.a"], (await store.ListAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task dead_silos_are_kept_for_display_until_their_failover_is_done_and_retention_passed()
    {
        var store = await NewStore();
        await store.JoinAsync(Silo("silo-1.a"));
        await store.JoinAsync(Silo("silo-2.a"));
        Clock.Advance(TimeSpan.FromSeconds(6));
        await store.HeartbeatAsync("silo-2.a", 0);
        await store.DeclareDeadAsync("silo-1.a", DeadAfter);
        Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, await store.PruneDeadAsync(TimeSpan.FromMinutes(1)));
        await store.MarkFailoverDoneAsync("silo-1.a");
        Assert.True(Assert.Single(await store.ListAsync(), s => s.Id == "silo-1.a").FailoverDone);
        Assert.Equal(1, await store.PruneDeadAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(["silo-2.a"], (await store.ListAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task a_lease_has_one_holder_until_it_expires_or_is_released()
    {
        var store = await NewStore();
        var lease = TimeSpan.FromSeconds(5);

        Assert.True(await store.TryAcquireLeaseAsync("scheduler", "silo-1.a", lease));
        Assert.False(await store.TryAcquireLeaseAsync("scheduler", "silo-2.a", lease));
        Assert.Equal("silo-1.a", await store.GetLeaseHolderAsync("scheduler"));

        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True(await store.TryAcquireLeaseAsync("scheduler", "silo-1.a", lease)); // renewed
        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await store.TryAcquireLeaseAsync("scheduler", "silo-2.a", lease));

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await store.GetLeaseHolderAsync("scheduler"));
        Assert.True(await store.TryAcquireLeaseAsync("scheduler", "silo-2.a", lease));

        await store.ReleaseLeaseAsync("scheduler", "silo-1.a"); // not the holder: no effect
        Assert.Equal("silo-2.a", await store.GetLeaseHolderAsync("scheduler"));
        await store.ReleaseLeaseAsync("scheduler", "silo-2.a");
        Assert.Null(await store.GetLeaseHolderAsync("scheduler"));
    }

    [Fact]
    public async Task concurrent_claims_on_a_free_lease_have_exactly_one_winner()
    {
        var store = await NewStore();
        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryAcquireLeaseAsync("scheduler", $"silo-{i}.a", TimeSpan.FromSeconds(5))));
        Assert.Equal(1, wins.Count(won => won));
    }
}
