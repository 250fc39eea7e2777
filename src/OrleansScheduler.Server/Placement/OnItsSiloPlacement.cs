namespace OrleansScheduler.Server.Placement;

/// <summary>
/// Places a grain whose key is a silo's address (<c>SiloAddress.ToParsableString()</c>) on that silo, and
/// nowhere else: one worker grain per silo, on it (see <see cref="OnItsSiloPlacementDirector"/>).
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.OnItsSiloPlacement")]
public sealed class OnItsSiloPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static OnItsSiloPlacement Instance { get; } = new();
}
