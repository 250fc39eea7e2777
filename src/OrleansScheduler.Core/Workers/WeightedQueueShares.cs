namespace OrleansScheduler.Workers;

/// <summary>
/// Decides which of a silo's queues claims next and how many of the free slots it may take, so
/// that queues with a backlog get slots in proportion to their weights (stride scheduling). Each
/// queue has a virtual time that advances by 1/weight per task it claimed; the queue furthest
/// behind claims next, at most its weighted share of the free slots among the queues that may
/// still have work (at least one). Queues that came up short drop out of the round, so their
/// share goes to the others. A queue whose last claim came up short (no backlog) is tried first,
/// since work may have arrived for it, and banks no credit meanwhile: its virtual time is held
/// at the busy queues' lowest, so when work comes it gets its share, not every slot.
/// </summary>
internal sealed class WeightedQueueShares
{
    private readonly int[] _weights;
    private readonly double[] _time;
    private readonly bool[] _idle;
    // Never decreases: the least virtual time among queues with a backlog, as last seen.
    private double _floor;

    /// <param name="weights">Each queue's weight, by position; the options validator refuses weights below 1, here they count as 1.</param>
    public WeightedQueueShares(IReadOnlyList<int> weights)
    {
        _weights = [.. weights.Select(w => Math.Max(1, w))];
        _time = new double[weights.Count];
        _idle = new bool[weights.Count];
    }

    /// <summary>
    /// The queue whose turn it is among <paramref name="candidates"/> and how many of
    /// <paramref name="free"/> slots it may claim now; null when no queue is a candidate.
    /// </summary>
    public (int Queue, int Share)? Next(int free, IReadOnlyList<bool> candidates)
    {
        CatchUpIdleQueues();
        int next = -1, totalWeight = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (!candidates[i]) continue;
            totalWeight += _weights[i];
            if (next < 0 || Before(i, next)) next = i;
        }
        if (next < 0) return null;
        long share = (long)free * _weights[next] / totalWeight;
        return (next, (int)Math.Max(1, share));
    }

    /// <summary>Records a claim of <paramref name="queue"/> that asked for <paramref name="wanted"/> tasks and got <paramref name="claimed"/>; fewer means its backlog ran out.</summary>
    public void Claimed(int queue, int wanted, int claimed)
    {
        _time[queue] += (double)claimed / _weights[queue];
        _idle[queue] = claimed < wanted;
    }

    // Idle queues sit at the floor, so they come before the busy ones; otherwise the earlier in the list.
    private bool Before(int a, int b) => _time[a] < _time[b] || (_time[a] == _time[b] && _idle[a] && !_idle[b]);

    private void CatchUpIdleQueues()
    {
        double lowestBusy = double.MaxValue;
        for (int i = 0; i < _time.Length; i++)
        {
            if (!_idle[i] && _time[i] < lowestBusy) lowestBusy = _time[i];
        }
        if (lowestBusy != double.MaxValue && lowestBusy > _floor) _floor = lowestBusy;
        for (int i = 0; i < _time.Length; i++)
        {
            if (_idle[i]) _time[i] = _floor;
        }
    }
}
