using OrleansScheduler.Bench.Scenarios;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Tests;

/// <summary>Pins the routing scenario's sizes and the routings it compares, which docs/performance.md quotes.</summary>
public sealed class RoutingScenarioTests
{
    [Fact]
    public void a_full_run_routes_a_hundred_thousand_tasks_over_a_thousand_keys_and_a_smoke_run_five_hundred_over_twenty()
    {
        Assert.Equal((100_000, 1_000), (BenchSizes.Full.RoutingTasks, BenchSizes.Full.RoutingKeys));
        Assert.Equal((500, 20), (BenchSizes.Smoke.RoutingTasks, BenchSizes.Smoke.RoutingKeys));
    }

    [Fact]
    public void it_compares_no_routing_with_consistent_hashing_round_robin_one_at_a_time_per_key_and_first_fit_of_cost_two()
    {
        var routings = RoutingScenario.Routings(keys: 3);

        Assert.Equal(["none", "consistentHash 3 keys", "roundRobin", "concurrencyKey max 1, 3 keys", "firstFit cost 2"], routings.Select(r => r.Metric));
        Assert.Null(routings[0].Routing(0));
        Assert.Equal(["key-0", "key-1", "key-2", "key-0"], Enumerable.Range(0, 4).Select(i => routings[1].Routing(i)!.Key));
        Assert.Equal(RoutingStrategy.ConsistentHash, routings[1].Routing(0)!.Strategy);
        Assert.Equal(RoutingStrategy.RoundRobin, routings[2].Routing(7)!.Strategy);
        Assert.Equal(["key-0", "key-1", "key-2", "key-0"], Enumerable.Range(0, 4).Select(i => routings[3].Routing(i)!.ConcurrencyKey));
        Assert.Equal((RoutingStrategy.Shared, 1), (routings[3].Routing(0)!.Strategy, routings[3].Routing(0)!.KeyLimit));
        Assert.Equal((RoutingStrategy.FirstFit, 2), (routings[4].Routing(0)!.Strategy, routings[4].Routing(0)!.Cost));
    }
}
