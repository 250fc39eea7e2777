using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class SiloChooserTests
{
    private readonly SiloChooser _chooser = new(new Random(1));

    private static readonly RoutingSnapshot Three = Snapshot(
        Silo("10.0.0.1:11111@1", name: "alpha"),
        Silo("10.0.0.2:11111@1", name: "beta"),
        Silo("10.0.0.3:11111@1", name: "gamma", active: false));

    [Theory]
    [InlineData("alpha", "10.0.0.1:11111@1")]
    [InlineData("10.0.0.2:11111@1", "10.0.0.2:11111@1")]
    [InlineData("gamma", TaskRouting.NoSilo)]           // not Active: it waits
    [InlineData("delta", TaskRouting.NoSilo)]           // unknown: it waits
    public void a_pinned_task_goes_to_its_silo_by_address_or_name_or_waits_for_it(string pinnedTo, string routedTo)
    {
        Assert.Equal(routedTo, _chooser.Choose(Queue, new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = pinnedTo }, Three, 0));
    }

    [Fact]
    public void a_pinned_task_whose_silo_lacks_its_labels_waits()
    {
        var pinned = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "alpha", Labels = new Dictionary<string, string> { ["gpu"] = "true" } };

        Assert.Equal(TaskRouting.NoSilo, _chooser.Choose(Queue, pinned, Three, 0));
    }

    [Fact]
    public void a_broadcast_copy_goes_to_its_own_silo_while_it_is_a_candidate()
    {
        TaskRouting Copy(string silo) => new() { Strategy = RoutingStrategy.Broadcast, Silo = silo };

        Assert.Equal("10.0.0.2:11111@1", _chooser.Choose(Queue, Copy("10.0.0.2:11111@1"), Three, 5));
        Assert.Equal(TaskRouting.NoSilo, _chooser.Choose(Queue, Copy("10.0.0.3:11111@1"), Three, 5));
    }

    [Fact]
    public void a_shard_takes_its_slot_in_the_rotation()
    {
        var shard = new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 4, ShardIndex = 1 };

        Assert.Equal("10.0.0.2:11111@1", _chooser.Choose(Queue, shard, Three, 3));
    }

    [Theory]
    [InlineData(RoutingStrategy.Shared)]
    [InlineData(RoutingStrategy.LeastLoaded)]
    [InlineData(RoutingStrategy.FirstFit)]
    [InlineData(RoutingStrategy.BestFit)]
    public void strategies_that_name_no_silo_get_no_routed_silo(RoutingStrategy strategy)
    {
        Assert.Null(_chooser.Choose(Queue, new TaskRouting { Strategy = strategy, Cost = 2 }, Three, 0));
    }

    [Fact]
    public void an_excluded_silo_is_never_chosen_and_the_key_goes_to_its_next_owner()
    {
        var snapshot = Numbered(4);
        var hash = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-7" };
        string owner = _chooser.Choose(Queue, hash, snapshot, 0)!;
        var without = Snapshot([.. snapshot.Silos.Where(s => s.Id != owner)]);

        string next = _chooser.Choose(Queue, hash, snapshot, 0, exclude: new HashSet<string> { owner })!;

        Assert.NotEqual(owner, next);
        Assert.Equal(_chooser.Choose(Queue, hash, without, 0), next);
        Assert.Equal(TaskRouting.NoSilo, _chooser.Choose(Queue, hash, Snapshot(snapshot.Silos[0]), 0, exclude: new HashSet<string> { snapshot.Silos[0].Id }));
    }
}
