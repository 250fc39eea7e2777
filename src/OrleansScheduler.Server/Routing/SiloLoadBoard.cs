using System.Collections.Concurrent;
using OrleansScheduler.Api;
using OrleansScheduler.Routing;

namespace OrleansScheduler.Server.Routing;

/// <summary>
/// This silo's membership-and-load snapshot (DESIGN.md §7): Orleans' membership for who is Active, and the
/// loads the other silos' workers push (<see cref="LoadReporter"/>), with this silo's own load read live. Every
/// routing decision on this silo reads it, never a grain call per submit. A silo whose load has not arrived yet
/// counts as serving nothing, so nothing is routed to it before it said what it serves.
/// </summary>
internal sealed class SiloLoadBoard(IClusterMembershipService membership, LocalSilo local, Func<WorkerLoad> ownLoad, TimeProvider clock)
{
    /// <summary>How long one snapshot serves: claims and submits read it thousands of times a second.</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, WorkerLoad> _loads = new(StringComparer.Ordinal);
    private volatile RoutingSnapshot? _last;

    /// <summary>Keeps the latest load <paramref name="load"/>'s silo pushed.</summary>
    public void Report(WorkerLoad load)
    {
        _loads[load.SiloId] = load;
        _last = null;
    }

    /// <summary>Whether a load from <paramref name="siloId"/> has arrived.</summary>
    public bool Knows(string siloId) => siloId == local.Id || _loads.ContainsKey(siloId);

    /// <summary>The silos as this silo sees them now (at most <see cref="Freshness"/> old); silos no longer listed are forgotten.</summary>
    public RoutingSnapshot Snapshot()
    {
        var last = _last;
        if (last is not null && clock.GetUtcNow() - last.TakenAt < Freshness) return last;
        return _last = Take();
    }

    private RoutingSnapshot Take()
    {
        var members = membership.CurrentSnapshot.Members;
        var silos = new List<SiloView>(members.Count);
        foreach (var (address, member) in members)
        {
            string id = address.ToId();
            bool active = member.Status == SiloStatus.Active, dead = member.Status == SiloStatus.Dead;
            var load = id == local.Id ? ownLoad() : _loads.GetValueOrDefault(id);
            if (load is null)
            {
                silos.Add(new SiloView(id, member.Name ?? "", active, 0, 0, [], EmptyLabels, Claiming: false) { Dead = dead });
                continue;
            }
            silos.Add(new SiloView(id, load.Name, active, load.Capacity, load.UsedSlots, load.Queues, load.Labels, load.Claiming && !load.Draining) { Dead = dead });
        }
        foreach (string gone in _loads.Keys)
        {
            if (SiloAddresses.TryParse(gone) is not { } address || !members.ContainsKey(address)) _loads.TryRemove(gone, out _);
        }
        return new RoutingSnapshot(silos, clock.GetUtcNow());
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}
