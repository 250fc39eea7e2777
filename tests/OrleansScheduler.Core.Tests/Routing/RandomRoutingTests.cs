using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using static OrleansScheduler.Core.Tests.Routing.Silos;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class RandomRoutingTests
{
    private static readonly TaskRouting RandomRouting = new() { Strategy = RoutingStrategy.Random };

    /// <summary>
    /// Pearson's chi-square over 10,000 picks on 5 silos (4 degrees of freedom) stays under 18.47, its 0.1 %
    /// critical value. A biased picker cannot pass: one that always picks the same silo scores
    /// 8000²/2000 + 4 × 2000 = 40,000, and even one that gives a single silo 10 % more than its share
    /// (2,200 picks, the rest spread evenly) scores 20 + 4 × 2.5 = 30.
    /// </summary>
    [Fact]
    public void ten_thousand_picks_spread_over_five_silos_within_a_chi_square_bound()
    {
        const int Picks = 10_000;
        var snapshot = Numbered(5);
        var chooser = new SiloChooser(new Random(20260101));
        var counts = snapshot.Silos.ToDictionary(s => s.Id, _ => 0);

        for (int i = 0; i < Picks; i++) counts[chooser.Choose(Queue, RandomRouting, snapshot, roundRobinSlot: 0)!]++;

        double expected = Picks / 5.0;
        double chiSquare = counts.Values.Sum(observed => (observed - expected) * (observed - expected) / expected);
        Assert.True(chiSquare < 18.47, $"chi-square {chiSquare:F2} over counts [{string.Join(", ", counts.Values)}]; expected under 18.47 (p = 0.001, 4 degrees of freedom)");
    }

    [Fact]
    public void a_random_pick_is_always_a_candidate()
    {
        var snapshot = Snapshot(Silo("a"), Silo("b", active: false), Silo("c", queues: ["other"]), Silo("d"));
        var chooser = new SiloChooser(new Random(7));

        var picked = Enumerable.Range(0, 200).Select(_ => chooser.Choose(Queue, RandomRouting, snapshot, 0)).ToHashSet();

        Assert.Equal(["a", "d"], picked.Order());
    }
}
