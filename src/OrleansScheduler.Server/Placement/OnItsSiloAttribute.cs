using Orleans.Placement;

namespace OrleansScheduler.Server.Placement;

/// <summary>Marks a grain class keyed by a silo's address to be placed on that silo (<see cref="OnItsSiloPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OnItsSiloAttribute() : PlacementAttribute(OnItsSiloPlacement.Instance);
