using Orleans.Runtime.Placement;

namespace OrleansScheduler.Server.Placement;

/// <summary>
/// Places a grain on the silo its key names, when that silo is in the cluster; otherwise refuses, so a
/// message to a dead silo's worker fails instead of starting a worker grain somewhere it does not belong.
/// </summary>
public sealed class OnItsSiloPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string key = target.GrainIdentity.Key.ToString() ?? "";
        var silo = SiloAddresses.TryParse(key)
            ?? throw new OrleansException($"Grain {target.GrainIdentity} is placed on the silo its key names, and '{key}' is not a silo address.");
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new OrleansException($"Grain {target.GrainIdentity} belongs on silo {key}, which is not an active member of the cluster.");
        return Task.FromResult(silo);
    }
}
