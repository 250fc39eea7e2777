using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests;

/// <summary>How a silo splits its free slots between the queues it serves, by weight.</summary>
public sealed class WeightedQueueSharesTests
{
    /// <summary>Fills <paramref name="free"/> slots the way the claim loop does; <paramref name="ready"/> says how many tasks each queue has.</summary>
    private static int[] Fill(WeightedQueueShares shares, int free, int[] ready)
    {
        var claimed = new int[ready.Length];
        var candidates = Enumerable.Repeat(true, ready.Length).ToArray();
        while (free > 0 && shares.Next(free, candidates) is (int queue, int share))
        {
            int got = Math.Min(share, ready[queue]);
            shares.Claimed(queue, share, got);
            ready[queue] -= got;
            claimed[queue] += got;
            free -= got;
            if (got < share) candidates[queue] = false;
        }
        return claimed;
    }

    [Fact]
    public void backlogged_queues_get_slots_in_proportion_to_their_weights_one_slot_at_a_time()
    {
        var shares = new WeightedQueueShares([3, 1]);
        var total = new int[2];

        for (int slot = 0; slot < 400; slot++)
        {
            var claimed = Fill(shares, 1, [1000, 1000]);
            total[0] += claimed[0];
            total[1] += claimed[1];
        }

        Assert.Equal([300, 100], total);
    }

    [Fact]
    public void a_claim_takes_at_most_its_queues_weighted_share_of_the_free_slots()
    {
        var shares = new WeightedQueueShares([3, 1]);

        Assert.Equal((0, 3), shares.Next(4, [true, true]));
        shares.Claimed(0, 3, 3);
        Assert.Equal((1, 1), shares.Next(1, [true, true]));
    }

    [Fact]
    public void a_share_is_at_least_one_slot()
    {
        var shares = new WeightedQueueShares([1, 1000]);
        shares.Claimed(1, 1, 1); // the heavy queue had its turn

        Assert.Equal((0, 1), shares.Next(2, [true, true]));
    }

    [Fact]
    public void the_share_of_a_queue_without_work_goes_to_the_busy_one()
    {
        var shares = new WeightedQueueShares([1, 5]);

        Assert.Equal([4, 0], Fill(shares, 4, [100, 0]));
        Assert.Equal([3, 0], Fill(shares, 3, [100, 0]));
    }

    [Fact]
    public void bursts_of_free_slots_are_split_by_weight_too()
    {
        var shares = new WeightedQueueShares([3, 1]);
        var total = new int[2];

        for (int round = 0; round < 50; round++)
        {
            var claimed = Fill(shares, 8, [1000, 1000]);
            total[0] += claimed[0];
            total[1] += claimed[1];
        }

        Assert.Equal([300, 100], total);
    }

    [Fact]
    public void a_queue_that_was_idle_banks_no_credit_for_when_work_arrives()
    {
        var shares = new WeightedQueueShares([1, 1]);
        for (int slot = 0; slot < 100; slot++) Fill(shares, 1, [1000, 0]); // only the first queue has work

        var total = new int[2];
        for (int slot = 0; slot < 20; slot++)
        {
            var claimed = Fill(shares, 1, [1000, 1000]);
            total[0] += claimed[0];
            total[1] += claimed[1];
        }

        Assert.Equal([10, 10], total); // not 0 and 20 while the second queue "catches up"
    }

    [Fact]
    public void no_queue_is_next_when_none_is_a_candidate()
    {
        Assert.Null(new WeightedQueueShares([1, 2]).Next(5, [false, false]));
    }
}
