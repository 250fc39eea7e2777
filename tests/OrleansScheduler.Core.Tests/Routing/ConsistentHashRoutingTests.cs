using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class ConsistentHashRoutingTests
{
    private const int Keys = 1_000;

    private static TaskRouting Hash(string key) => new() { Strategy = RoutingStrategy.ConsistentHash, Key = key };

    private static Dictionary<string, string> Owners(RoutingSnapshot snapshot) =>
        Enumerable.Range(0, Keys).Select(i => $"customer-{i}").ToDictionary(k => k, k => new SiloChooser().Choose(Queue, Hash(k), snapshot, 0)!);

    [Fact]
    public void the_same_key_goes_to_the_same_silo_every_time()
    {
        var snapshot = Numbered(5);
        var chooser = new SiloChooser();

        var owners = Enumerable.Range(0, 50).Select(_ => chooser.Choose(Queue, Hash("customer-42"), snapshot, roundRobinSlot: Random.Shared.Next())).Distinct();

        Assert.Single(owners);
    }

    [Fact]
    public void every_silo_computes_the_same_owner_whatever_order_its_snapshot_lists_the_silos_in()
    {
        var silos = Numbered(5).Silos;
        var reversed = new RoutingSnapshot([.. silos.Reverse()], At.AddSeconds(3));
        var shuffled = new RoutingSnapshot([silos[2], silos[4], silos[0], silos[3], silos[1]], At.AddSeconds(9));

        var owners = Owners(new RoutingSnapshot(silos, At));

        Assert.Equal(owners, Owners(reversed));
        Assert.Equal(owners, Owners(shuffled));
    }

    [Fact]
    public void when_one_of_five_silos_leaves_only_its_keys_move_about_a_fifth_of_them()
    {
        var before = Owners(Numbered(5));
        var leaving = Numbered(5).Silos[3].Id;
        var after = Owners(Snapshot([.. Numbered(5).Silos.Where(s => s.Id != leaving)]));

        var moved = before.Keys.Where(k => before[k] != after[k]).ToList();

        Assert.All(moved, k => Assert.Equal(leaving, before[k]));
        Assert.Equal(before.Count(p => p.Value == leaving), moved.Count);
        // 1/5 of 1,000 is 200; the binomial spread is √(1000 · 0.2 · 0.8) ≈ 12.6, so ± 50 is four of it.
        Assert.InRange(moved.Count, 150, 250);
    }

    [Fact]
    public void when_a_sixth_silo_joins_only_the_keys_it_wins_move_about_a_sixth_of_them()
    {
        var before = Owners(Numbered(5));
        var grown = Numbered(6);
        string joining = grown.Silos[5].Id;
        var after = Owners(grown);

        var moved = before.Keys.Where(k => before[k] != after[k]).ToList();

        Assert.All(moved, k => Assert.Equal(joining, after[k]));
        // 1/6 of 1,000 is 167; the binomial spread is √(1000 · 1/6 · 5/6) ≈ 11.8, so ± 47 is four of it.
        Assert.InRange(moved.Count, 120, 214);
    }

    [Fact]
    public void the_keys_spread_over_the_silos_roughly_evenly()
    {
        var owners = Owners(Numbered(5));

        Assert.All(owners.Values.GroupBy(o => o), g => Assert.InRange(g.Count(), 150, 250));
    }

    [Fact]
    public void a_silo_restarted_under_the_same_name_keeps_its_keys()
    {
        var before = Numbered(3);
        var restarted = Snapshot(before.Silos[0], before.Silos[1] with { Id = "10.0.0.1:11111@2" }, before.Silos[2]);

        var owners = Owners(before);
        var afterRestart = Owners(restarted);

        Assert.All(owners.Keys, k => Assert.Equal(owners[k] == before.Silos[1].Id ? "10.0.0.1:11111@2" : owners[k], afterRestart[k]));
    }

    [Fact]
    public void a_silo_without_a_name_is_weighed_by_its_address()
    {
        Assert.Equal(RendezvousHash.Weight("k", "10.0.0.9:11111@1"), RendezvousHash.Weight("k", Silo("10.0.0.9:11111@1").HashIdentity));
        Assert.Equal(RendezvousHash.Weight("k", "s9"), RendezvousHash.Weight("k", Silo("10.0.0.9:11111@1", name: "s9").HashIdentity));
    }

    [Fact]
    public void equal_weights_go_to_the_lower_address()
    {
        // Two silos under one name weigh the same for every key.
        var owner = RendezvousHash.Owner("any-key", [Silo("b", name: "twin"), Silo("a", name: "twin")]);

        Assert.Equal("a", owner!.Id);
    }

    [Fact]
    public void the_weight_is_xxhash64_of_key_newline_identity()
    {
        ulong expected = System.IO.Hashing.XxHash64.HashToUInt64("customer-42\ns1"u8);

        Assert.Equal(expected, RendezvousHash.Weight("customer-42", "s1"));
        Assert.Equal(RendezvousHash.Weight(new string('k', 2000), "s1"), RendezvousHash.Weight(new string('k', 2000), "s1"));
    }

    [Fact]
    public void with_no_candidate_there_is_no_owner_and_the_task_waits_for_a_silo()
    {
        Assert.Null(RendezvousHash.Owner("k", []));
        Assert.Equal(TaskRouting.NoSilo, new SiloChooser().Choose(Queue, Hash("k"), Snapshot(Silo("a", queues: ["other"])), 0));
    }
}
