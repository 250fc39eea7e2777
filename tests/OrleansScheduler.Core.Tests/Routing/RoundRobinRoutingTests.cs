using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class RoundRobinRoutingTests
{
    private static readonly TaskRouting RoundRobin = new() { Strategy = RoutingStrategy.RoundRobin };

    [Fact]
    public void successive_slots_go_to_the_three_silos_in_turn_in_address_order()
    {
        var snapshot = Snapshot(Silo("c"), Silo("a"), Silo("b"));
        var chooser = new SiloChooser();

        var chosen = Enumerable.Range(0, 7).Select(slot => chooser.Choose(Queue, RoundRobin, snapshot, slot)).ToList();

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], chosen);
    }

    [Fact]
    public void a_silo_that_stops_claiming_drops_out_of_the_rotation()
    {
        var snapshot = Snapshot(Silo("a"), Silo("b", claiming: false), Silo("c"));

        var chosen = Enumerable.Range(0, 4).Select(slot => new SiloChooser().Choose(Queue, RoundRobin, snapshot, slot)).ToList();

        Assert.Equal(["a", "c", "a", "c"], chosen);
    }

    [Fact]
    public async Task the_rotation_continues_across_calls_from_the_queues_cursor_in_the_store()
    {
        var clock = TestClock.Create();
        var store = new FakeRoutingStore(clock);
        var placer = new TaskPlacer(store, () => Snapshot(Silo("a"), Silo("b"), Silo("c")), clock);
        TaskSubmission Next() => new() { Type = "echo", Routing = RoundRobin };

        var first = await placer.PlaceAsync([Next(), Next()]);
        var second = await placer.PlaceAsync([Next(), Next(), Next()]);

        Assert.Equal(["a", "b"], first.Select(t => t.RoutedTo));
        Assert.Equal(["c", "a", "b"], second.Select(t => t.RoutedTo));
        Assert.Equal(["AdvanceRoundRobin(default, 2)", "AdvanceRoundRobin(default, 3)"], store.Calls.Where(c => c.StartsWith("Advance", StringComparison.Ordinal)));
    }

    [Fact]
    public void a_negative_slot_still_falls_on_a_silo()
    {
        Assert.Equal(2, SiloChooser.Slot(-1, 3));
        Assert.Equal(0, SiloChooser.Slot(long.MinValue + 2, 2));
    }
}
