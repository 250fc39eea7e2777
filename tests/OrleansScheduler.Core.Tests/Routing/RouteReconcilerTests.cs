using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class RouteReconcilerTests
{
    private const string NoSilo = TaskRouting.NoSilo;

    private readonly FakeTimeProvider _clock = new(At);
    private readonly FakeRoutingStore _store;
    private RoutingSnapshot _snapshot = Snapshot(Silo("a", name: "alpha"), Silo("b", name: "beta"), Silo("c", name: "gamma"));
    private readonly RouteReconciler _reconciler;

    public RouteReconcilerTests()
    {
        _store = new FakeRoutingStore(_clock);
        _reconciler = new RouteReconciler(_store, () => _snapshot, _clock, new RoutingOptions(), new Random(5));
    }

    private static TaskRouting Hash(string key) => new() { Strategy = RoutingStrategy.ConsistentHash, Key = key };

    private static readonly TaskRouting RoundRobin = new() { Strategy = RoutingStrategy.RoundRobin };

    private static TaskRouting Pinned(string silo) => new() { Strategy = RoutingStrategy.Pinned, Silo = silo };

    private string Owner(string key) => RendezvousHash.Owner(key, _snapshot.Candidates(Queue, Hash(key)))!.Id;

    [Fact]
    public void the_documented_defaults_hold()
    {
        var options = new RoutingOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.PinnedWait);
        Assert.Equal(TimeSpan.FromMinutes(1), options.UnlistedGrace);
        Assert.Equal(256, options.MaxPerPass);
    }

    [Fact]
    public async Task a_task_waiting_for_no_silo_goes_to_its_keys_owner()
    {
        _store.Route("t1", Hash("customer-1"), NoSilo, At);

        int moves = await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(1, moves);
        Assert.Equal(Owner("customer-1"), _store.RoutedTo("t1"));
    }

    [Fact]
    public async Task waiting_round_robin_tasks_take_successive_silos_from_one_cursor_advance()
    {
        _store.SetCursor(Queue, 1);
        foreach (string id in new[] { "t1", "t2", "t3", "t4" }) _store.Route(id, RoundRobin, NoSilo, At);

        await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(["b", "c", "a", "b"], new[] { "t1", "t2", "t3", "t4" }.Select(_store.RoutedTo));
        Assert.Equal(1, _store.CallsOf("AdvanceRoundRobin"));
    }

    [Fact]
    public async Task a_waiting_random_task_goes_to_some_candidate()
    {
        _store.Route("t1", new TaskRouting { Strategy = RoutingStrategy.Random }, NoSilo, At);

        await _reconciler.ReconcileAsync(Queue);

        Assert.Contains(_store.RoutedTo("t1"), new[] { "a", "b", "c" });
    }

    [Fact]
    public async Task a_task_waits_on_while_no_silo_qualifies_and_no_cursor_is_spent_on_it()
    {
        _store.Route("t1", RoundRobin with { Labels = new Dictionary<string, string> { ["gpu"] = "true" } }, NoSilo, At);
        _store.Route("t2", Hash("k") with { Cost = 50 }, NoSilo, At);

        int moves = await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(0, moves);
        Assert.Equal(NoSilo, _store.RoutedTo("t1"));
        Assert.Equal(NoSilo, _store.RoutedTo("t2"));
        Assert.Equal(0, _store.CallsOf("AdvanceRoundRobin"));
        Assert.Equal(0, _store.CallsOf("Reroute"));
    }

    [Fact]
    public async Task a_pinned_task_goes_to_its_silo_once_it_is_active()
    {
        _snapshot = Snapshot(Silo("a", name: "alpha"), Silo("b", name: "beta", active: false));
        _store.Route("t1", Pinned("beta"), NoSilo, At);

        await _reconciler.ReconcileAsync(Queue);
        string? whileJoining = _store.RoutedTo("t1");
        _snapshot = Snapshot(Silo("a", name: "alpha"), Silo("b", name: "beta"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(NoSilo, whileJoining);
        Assert.Equal("b", _store.RoutedTo("t1"));
    }

    [Fact]
    public async Task a_pinned_task_fails_once_its_silo_was_not_active_for_the_pinned_wait()
    {
        _store.Route("t1", Pinned("omega"), NoSilo, At);

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await _reconciler.ReconcileAsync(Queue);
        string? beforeTheWait = _store.RoutedTo("t1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        int moves = await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(NoSilo, beforeTheWait);
        Assert.Equal(1, moves);
        Assert.Null(_store.RoutedTo("t1"));
        Assert.StartsWith("pinned silo 'omega' was not Active for 5 min", _store.Failed["t1"]);
    }

    [Fact]
    public async Task a_broadcast_copy_waiting_for_no_silo_fails_since_its_silo_left()
    {
        _store.Route("job.1", new TaskRouting { Strategy = RoutingStrategy.Broadcast, Silo = "10.0.0.9:11111@1" }, NoSilo, At);

        await _reconciler.ReconcileAsync(Queue);

        Assert.Contains("its silo 10.0.0.9:11111@1 left before its copy ran", _store.Failed["job.1"]);
    }

    [Fact]
    public async Task the_lane_of_a_dead_silo_moves_to_its_keys_new_owners_in_one_pass()
    {
        _snapshot = Snapshot(Silo("a"), Silo("b"), Silo("c"), Silo("d", active: false, dead: true));
        _store.Route("t1", Hash("customer-1"), "d", At);
        _store.Route("t2", Hash("customer-2"), "d", At);
        _store.Route("t3", Pinned("d"), "d", At);

        int moves = await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(Owner("customer-1"), _store.RoutedTo("t1"));
        Assert.Equal(Owner("customer-2"), _store.RoutedTo("t2"));
        Assert.Equal(NoSilo, _store.RoutedTo("t3"));
        Assert.Equal(5, moves);
    }

    [Fact]
    public async Task the_lane_of_an_unlisted_silo_moves_only_once_its_tasks_waited_the_grace()
    {
        _store.Route("old", Hash("customer-1"), "unknown", At);
        _clock.Advance(TimeSpan.FromSeconds(30));
        _store.Route("young", Hash("customer-2"), "unknown", _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(30));

        await _reconciler.ReconcileAsync(Queue);

        Assert.Equal(Owner("customer-1"), _store.RoutedTo("old"));
        Assert.Equal("unknown", _store.RoutedTo("young"));
    }

    [Fact]
    public async Task the_lane_of_a_silo_that_is_only_not_active_yet_stays()
    {
        _snapshot = Snapshot(Silo("a"), Silo("joining", active: false));
        _store.Route("t1", Hash("customer-1"), "joining", At);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await _reconciler.ReconcileAsync(Queue));
        Assert.Equal("joining", _store.RoutedTo("t1"));
    }

    [Fact]
    public async Task nothing_moves_while_the_snapshot_lists_no_silo()
    {
        _snapshot = RoutingSnapshot.Empty;
        _store.Route("t1", Hash("customer-1"), "a", At);
        _store.Route("t2", Hash("customer-2"), NoSilo, At);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await _reconciler.ReconcileAsync(Queue));
        Assert.Equal(0, _store.CallsOf("ListRoutedSilos"));
    }

    [Fact]
    public async Task a_task_that_waited_its_reassign_time_on_a_full_silo_moves_to_another_by_its_strategy()
    {
        var patient = Hash("customer-1") with { ReassignAfterMs = 2000 };
        string owner = Owner("customer-1");
        _store.Route("due", patient, owner, At);
        _store.Route("waiting-its-silo", Hash("customer-1"), owner, At);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _store.Route("not-yet", patient, owner, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));

        int moves = await _reconciler.ReconcileAsync(Queue);

        var others = _snapshot.Candidates(Queue, patient).Where(s => s.Id != owner).ToList();
        Assert.Equal(1, moves);
        Assert.Equal(RendezvousHash.Owner("customer-1", others)!.Id, _store.RoutedTo("due"));
        Assert.Equal(owner, _store.RoutedTo("waiting-its-silo"));
        Assert.Equal(owner, _store.RoutedTo("not-yet"));
    }

    [Fact]
    public async Task a_reassigned_round_robin_task_never_comes_back_to_its_silo()
    {
        _store.Route("t1", RoundRobin with { ReassignAfterMs = 500 }, "b", At);
        _store.SetCursor(Queue, 1);
        _clock.Advance(TimeSpan.FromSeconds(1));

        await _reconciler.ReconcileAsync(Queue);

        Assert.Equal("c", _store.RoutedTo("t1"));
    }

    [Fact]
    public async Task a_task_due_for_reassignment_stays_when_no_other_silo_qualifies()
    {
        _snapshot = Snapshot(Silo("a"), Silo("b", queues: ["other"]));
        _store.Route("t1", Hash("k") with { ReassignAfterMs = 500 }, "a", At);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, await _reconciler.ReconcileAsync(Queue));
        Assert.Equal("a", _store.RoutedTo("t1"));
    }

    [Fact]
    public async Task a_move_another_silo_made_first_is_not_counted_and_a_second_pass_finds_nothing_to_do()
    {
        _store.Route("t1", Hash("customer-1"), NoSilo, At);
        var other = new RouteReconciler(_store, () => _snapshot, _clock, new RoutingOptions());
        bool raced = false;
        _store.BeforeReroute = () =>
        {
            if (raced) return;
            raced = true;
            other.ReconcileAsync(Queue).GetAwaiter().GetResult();
        };

        int moves = await _reconciler.ReconcileAsync(Queue);
        _store.BeforeReroute = null;

        Assert.Equal(0, moves);
        Assert.Equal(Owner("customer-1"), _store.RoutedTo("t1"));
        Assert.Equal(0, await _reconciler.ReconcileAsync(Queue));
    }

    [Fact]
    public async Task one_pass_reads_at_most_max_per_pass_tasks_of_a_lane()
    {
        var reconciler = new RouteReconciler(_store, () => _snapshot, _clock, new RoutingOptions { MaxPerPass = 2 });
        foreach (int i in Enumerable.Range(0, 5)) _store.Route($"t{i}", Hash($"k{i}"), NoSilo, At);

        Assert.Equal(2, await reconciler.ReconcileAsync(Queue));
        Assert.Equal(2, await reconciler.ReconcileAsync(Queue));
        Assert.Equal(1, await reconciler.ReconcileAsync(Queue));
    }

    [Fact]
    public void options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RouteReconciler(_store, () => _snapshot, _clock, new RoutingOptions { MaxPerPass = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RouteReconciler(_store, () => _snapshot, _clock, new RoutingOptions { PinnedWait = TimeSpan.FromSeconds(-1) }));
    }
}
