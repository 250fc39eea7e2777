namespace OrleansScheduler.Server;

/// <summary>
/// This silo as the scheduler names it (its address, <see cref="SiloAddresses.ToId"/>, and its name), and
/// where it is in its life: joined once the silo is Active in the cluster, draining from the moment it
/// begins to leave. <c>/healthz</c> and <c>/readyz</c> read it.
/// </summary>
public sealed class LocalSilo(ILocalSiloDetails details)
{
    private volatile bool _joined, _draining;

    /// <summary>The silo's address, <c>SiloAddress.ToParsableString()</c>: the owner its tasks record.</summary>
    public string Id => details.SiloAddress.ToId();

    /// <summary>The silo's name (Orleans' <c>SiloOptions.SiloName</c>).</summary>
    public string Name => details.Name;

    /// <summary>Whether the silo has joined the cluster (its lifecycle reached Active).</summary>
    public bool IsJoined => _joined;

    /// <summary>Whether the silo is leaving: draining on request or stopping.</summary>
    public bool IsDraining => _draining;

    /// <summary>Joined and not leaving: ready for work.</summary>
    public bool IsReady => _joined && !_draining;

    internal void Joined() => _joined = true;

    internal void Draining() => _draining = true;
}
