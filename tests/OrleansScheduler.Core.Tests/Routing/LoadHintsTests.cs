using OrleansScheduler.Routing;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class LoadHintsTests
{
    /// <summary>Free slots: mine, then the other silos' (each Active, claiming, serving the queue).</summary>
    [Theory]
    [InlineData(10, new[] { 12 }, true)]        // 10 + max(2, 2) = 12
    [InlineData(10, new[] { 11, 4 }, false)]
    [InlineData(0, new[] { 1 }, false)]         // a lead of 1 is noise
    [InlineData(0, new[] { 2 }, true)]
    [InlineData(3, new[] { 5, 0 }, true)]
    [InlineData(40, new[] { 49, 12 }, false)]   // 40 + 40/4 = 50: a big silo needs a bigger lead
    [InlineData(40, new[] { 12, 50 }, true)]
    [InlineData(7, new int[0], false)]          // alone: nobody to leave it to
    public void a_silo_defers_least_loaded_tasks_only_when_another_has_clearly_more_free_slots(int myFree, int[] othersFree, bool defers)
    {
        var silos = othersFree.Select((free, i) => Silo($"other-{i}", capacity: 60, used: 60 - free)).Append(Silo("me", capacity: 60, used: 60 - myFree));

        var (defer, others) = LoadHints.For(Queue, "me", myFree, Snapshot([.. silos]));

        Assert.Equal(defers, defer);
        Assert.Equal(othersFree, others);
    }

    [Fact]
    public void only_active_claiming_silos_serving_the_queue_count_and_never_the_silo_itself()
    {
        var snapshot = Snapshot(
            Silo("me", capacity: 10, used: 9),
            Silo("busy", capacity: 10, used: 7),
            Silo("draining", capacity: 50, claiming: false),
            Silo("joining", capacity: 50, active: false),
            Silo("elsewhere", capacity: 50, queues: ["other"]),
            Silo("idle", capacity: 10));

        var (defer, others) = LoadHints.For(Queue, "me", myFree: 1, snapshot);

        Assert.Equal([3, 10], others);
        Assert.True(defer);
    }

    /// <summary>Each silo's free slots; the one that keeps a task of the cost (the others leave it to a tighter fit).</summary>
    [Theory]
    [InlineData(4, new[] { 3, 5, 8 }, new[] { 5 })]
    [InlineData(1, new[] { 1, 5, 8 }, new[] { 1 })]
    [InlineData(2, new[] { 6, 2, 2 }, new[] { 2, 2 })]   // a tie: both tightest fits may take it
    [InlineData(9, new[] { 3, 5, 8 }, new int[0])]         // fits nowhere now: nobody takes it
    [InlineData(3, new[] { 3, 3, 3 }, new[] { 3, 3, 3 })]
    public void under_best_fit_only_the_silo_whose_free_slots_exceed_the_cost_by_the_least_keeps_the_task(int cost, int[] free, int[] keepers)
    {
        var snapshot = Snapshot([.. free.Select((f, i) => Silo($"s{i}", capacity: 10, used: 10 - f))]);

        var keeping = snapshot.Silos
            .Where(s => s.FreeSlots >= cost && !LoadHints.DefersBestFit(cost, s.FreeSlots, LoadHints.For(Queue, s.Id, s.FreeSlots, snapshot).OthersFree))
            .Select(s => s.FreeSlots);

        Assert.Equal(keepers, keeping);
    }

    [Fact]
    public void an_empty_snapshot_gives_no_hints()
    {
        var (defer, others) = LoadHints.For(Queue, "me", 5, RoutingSnapshot.Empty);

        Assert.False(defer);
        Assert.Empty(others);
    }
}
