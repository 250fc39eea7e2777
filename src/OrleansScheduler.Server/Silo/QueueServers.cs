namespace OrleansScheduler.Server;

/// <summary>
/// Which silos' workers serve one queue, learnt from each worker's load once per silo (a silo's queues
/// are fixed for its life, and a restart is a new silo address), so a queue's wake-up skips silos
/// that would only ignore it. A silo not yet learnt is woken, so nothing waits for the answer.
/// </summary>
internal sealed class QueueServers(string queue)
{
    private readonly Dictionary<string, bool> _serves = new(StringComparer.Ordinal);

    /// <summary>
    /// Of the <paramref name="active"/> silos, those to wake (every one that serves the queue or is not
    /// learnt yet) and those to learn about; forgets silos no longer active.
    /// </summary>
    public (IReadOnlyList<string> Wake, IReadOnlyList<string> Learn) Select(IReadOnlyCollection<string> active)
    {
        foreach (string gone in _serves.Keys.Where(s => !active.Contains(s)).ToList()) _serves.Remove(gone);
        var wake = new List<string>();
        var learn = new List<string>();
        foreach (string silo in active)
        {
            if (!_serves.TryGetValue(silo, out bool serves))
            {
                _serves[silo] = true; // woken until its answer says otherwise
                learn.Add(silo);
                serves = true;
            }
            if (serves) wake.Add(silo);
        }
        return (wake, learn);
    }

    /// <summary>Records what <paramref name="silo"/>'s worker serves.</summary>
    public void Learnt(string silo, IReadOnlyList<string> queues)
    {
        if (_serves.ContainsKey(silo)) _serves[silo] = queues.Contains(queue, StringComparer.Ordinal);
    }

    /// <summary>Forgets what was (not) learnt about <paramref name="silo"/>, to ask again next time.</summary>
    public void Forget(string silo) => _serves.Remove(silo);
}
