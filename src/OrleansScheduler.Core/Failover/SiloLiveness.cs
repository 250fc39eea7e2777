namespace OrleansScheduler.Failover;

/// <summary>How the cluster's membership, as last read, sees a silo that owns Running attempts.</summary>
public enum SiloLiveness
{
    /// <summary>Listed and not Dead (joining, active or shutting down): it keeps its work.</summary>
    Alive,

    /// <summary>Listed as Dead: its work runs elsewhere.</summary>
    Dead,

    /// <summary>Not listed at all: gone (Orleans removed its entry), or an owner from before the move onto Orleans.</summary>
    Unlisted,
}
