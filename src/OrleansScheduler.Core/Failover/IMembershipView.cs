namespace OrleansScheduler.Failover;

/// <summary>The cluster's membership as the failover backstop reads it (in a silo: Orleans' membership snapshot).</summary>
public interface IMembershipView
{
    /// <summary>When the view was read from the membership table: a silo that claimed before then is listed in it.</summary>
    DateTimeOffset ReadAt { get; }

    /// <summary>How the view sees <paramref name="siloId"/> (an owner as tasks record it).</summary>
    SiloLiveness Liveness(string siloId);
}
