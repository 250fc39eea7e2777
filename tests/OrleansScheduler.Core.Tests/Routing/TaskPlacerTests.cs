using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class TaskPlacerTests
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly FakeRoutingStore _store;
    private RoutingSnapshot _snapshot = Snapshot(Silo("a", name: "alpha"), Silo("b", name: "beta"), Silo("c", name: "gamma"));
    private readonly TaskPlacer _placer;

    public TaskPlacerTests()
    {
        _store = new FakeRoutingStore(_clock);
        _placer = new TaskPlacer(_store, () => _snapshot, _clock, new Random(3));
    }

    private static TaskSubmission Plain(string queue = Queue) => new() { Type = "echo", Queue = queue };

    private static TaskSubmission Routed(TaskRouting routing, string queue = Queue) => new() { Type = "echo", Queue = queue, Routing = routing };

    [Fact]
    public async Task a_plain_batch_comes_back_as_it_went_and_once_its_queues_are_looked_up_costs_no_store_call()
    {
        IReadOnlyList<TaskSubmission> batch = [Plain(), Plain("other"), Plain()];

        var first = await _placer.PlaceAsync(batch);
        int afterFirst = _store.Calls.Count;
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        var second = await _placer.PlaceAsync(batch);

        Assert.Same(batch, first);
        Assert.Same(batch, second);
        Assert.Equal(["GetQueueRouting(default)", "GetQueueRouting(other)"], _store.Calls.Take(afterFirst));
        Assert.Equal(afterFirst, _store.Calls.Count);
    }

    [Fact]
    public async Task a_task_without_routing_gets_its_queues_default_and_a_task_with_its_own_keeps_it()
    {
        var byZone = new TaskRouting { Strategy = RoutingStrategy.LeastLoaded, Labels = new Dictionary<string, string> { ["zone"] = "eu-1" } };
        var own = new TaskRouting { Strategy = RoutingStrategy.BestFit, Cost = 2 };
        _store.SetDefault(Queue, byZone);

        var placed = await _placer.PlaceAsync([Plain(), Routed(own), Plain("other")]);

        Assert.Same(byZone, placed[0].Routing);
        Assert.Same(own, placed[1].Routing);
        Assert.Null(placed[2].Routing);
        Assert.All(placed, t => Assert.Null(t.RoutedTo));
    }

    [Fact]
    public async Task a_queue_default_is_read_again_after_a_second()
    {
        var roundRobin = new TaskRouting { Strategy = RoutingStrategy.RoundRobin };
        await _placer.PlaceAsync([Plain()]);
        _store.SetDefault(Queue, roundRobin);

        var cached = await _placer.PlaceAsync([Plain()]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = await _placer.PlaceAsync([Plain()]);

        Assert.Null(cached[0].Routing);
        Assert.Same(roundRobin, fresh[0].Routing);
        Assert.Equal("a", fresh[0].RoutedTo);
        Assert.Equal(2, _store.CallsOf("GetQueueRouting"));
    }

    [Fact]
    public async Task a_forgotten_queue_default_is_read_again_at_once()
    {
        await _placer.PlaceAsync([Plain()]);
        _store.SetDefault(Queue, new TaskRouting { Strategy = RoutingStrategy.Random });

        _placer.ForgetQueueRouting(Queue);
        var placed = await _placer.PlaceAsync([Plain()]);

        Assert.Equal(RoutingStrategy.Random, placed[0].Routing!.Strategy);
    }

    [Fact]
    public async Task a_task_costlier_than_every_silo_serving_its_queue_is_refused_naming_the_largest_capacity()
    {
        _snapshot = Snapshot(Silo("a", capacity: 4), Silo("b", capacity: 3), Silo("huge", capacity: 64, queues: ["other"]), Silo("gone", capacity: 32, active: false));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => _placer.PlaceAsync([Plain(), Routed(new TaskRouting { Cost = 5 })]));

        Assert.Contains("tasks[1].routing.cost 5", refused.Message);
        Assert.Contains($"queue '{Queue}'", refused.Message);
        Assert.Contains("the largest capacity is 4", refused.Message);
    }

    [Fact]
    public async Task a_task_that_fits_the_largest_silo_or_whose_queue_no_silo_serves_yet_is_accepted()
    {
        _snapshot = Snapshot(Silo("a", capacity: 4));

        var placed = await _placer.PlaceAsync([Routed(new TaskRouting { Strategy = RoutingStrategy.FirstFit, Cost = 4 }), Routed(new TaskRouting { Cost = 500 }, "unserved")]);

        Assert.Equal([4, 500], placed.Select(t => t.Routing!.Cost));
    }

    [Fact]
    public async Task round_robin_tasks_take_their_slots_in_order_from_one_cursor_advance_per_queue()
    {
        var roundRobin = new TaskRouting { Strategy = RoutingStrategy.RoundRobin };
        _store.SetCursor(Queue, 4);

        var placed = await _placer.PlaceAsync([Routed(roundRobin), Routed(roundRobin, "other"), Plain(), Routed(roundRobin), Routed(roundRobin), Routed(roundRobin, "other")]);

        Assert.Equal(["b", TaskRouting.NoSilo, null, "c", "a", TaskRouting.NoSilo], placed.Select(t => t.RoutedTo));
        Assert.Equal(["AdvanceRoundRobin(default, 3)", "AdvanceRoundRobin(other, 2)"], _store.Calls.Where(c => c.StartsWith("Advance", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task consistent_hash_random_and_pinned_tasks_get_their_silo_without_a_cursor()
    {
        var placed = await _placer.PlaceAsync([
            Routed(new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-42" }),
            Routed(new TaskRouting { Strategy = RoutingStrategy.Random }),
            Routed(new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "beta" }),
            Routed(new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "omega" }),
        ]);

        Assert.Equal(RendezvousHash.Owner("customer-42", _snapshot.Silos)!.Id, placed[0].RoutedTo);
        Assert.Contains(placed[1].RoutedTo, new[] { "a", "b", "c" });
        Assert.Equal("b", placed[2].RoutedTo);
        Assert.Equal(TaskRouting.NoSilo, placed[3].RoutedTo);
        Assert.Equal(0, _store.CallsOf("AdvanceRoundRobin"));
    }

    [Fact]
    public async Task a_task_already_routed_is_left_as_it_is()
    {
        var copy = new TaskSubmission { Type = "echo", Routing = new TaskRouting { Strategy = RoutingStrategy.Broadcast, Silo = "c" }, RoutedTo = "c" };
        IReadOnlyList<TaskSubmission> batch = [copy];

        Assert.Same(batch, await _placer.PlaceAsync(batch));
        Assert.False(TaskPlacer.FansOut(copy));
    }

    [Theory]
    [InlineData(RoutingStrategy.Broadcast)]
    [InlineData(RoutingStrategy.Sharding)]
    public async Task a_task_that_fans_out_cannot_be_placed_as_one_task(RoutingStrategy strategy)
    {
        var routing = new TaskRouting { Strategy = strategy, Shards = strategy == RoutingStrategy.Sharding ? 3 : null };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => _placer.PlaceAsync([Routed(routing)]));

        Assert.Contains($"routing.strategy {TaskRoutingValidator.StrategyName(strategy)}", refused.Message);
        Assert.True(TaskPlacer.FansOut(Routed(routing)));
    }

    [Fact]
    public async Task a_sharded_task_expands_from_the_queues_cursor_and_advances_it_by_its_shards()
    {
        _store.SetCursor(Queue, 2);

        var family = await _placer.ExpandAsync(Routed(new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 4 }) with { Id = "job-7" });

        Assert.Equal(["c", "a", "b", "c"], family.Children.Select(c => c.RoutedTo));
        Assert.Equal(GroupJoinHandler.Type, family.Join.Type);
        Assert.Equal("job-7", family.Join.Id);
        Assert.Equal(["AdvanceRoundRobin(default, 4)"], _store.Calls.Where(c => c.StartsWith("Advance", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task a_task_on_a_queue_whose_default_broadcasts_fans_out_to_every_silo()
    {
        _store.SetDefault(Queue, new TaskRouting { Strategy = RoutingStrategy.Broadcast });

        Assert.False(TaskPlacer.FansOut(Plain()));
        Assert.True(await _placer.FansOutAsync(Plain()));
        var family = await _placer.ExpandAsync(Plain());

        Assert.Equal(["a", "b", "c"], family.Children.Select(c => c.RoutedTo));
        Assert.Equal(0, _store.CallsOf("AdvanceRoundRobin"));
    }

    [Fact]
    public async Task expanding_checks_the_cost_and_refuses_what_does_not_fan_out()
    {
        _snapshot = Snapshot(Silo("a", capacity: 2));

        var tooCostly = await Assert.ThrowsAsync<ArgumentException>(() => _placer.ExpandAsync(Routed(new TaskRouting { Strategy = RoutingStrategy.Broadcast, Cost = 3 })));
        await Assert.ThrowsAsync<ArgumentException>(() => _placer.ExpandAsync(Plain()));

        Assert.Contains("routing.cost 3", tooCostly.Message);
        Assert.Contains("the largest capacity is 2", tooCostly.Message);
    }
}
