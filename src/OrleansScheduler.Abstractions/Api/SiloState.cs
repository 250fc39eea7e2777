namespace OrleansScheduler.Api;

/// <summary>Where a silo is in its life, as Orleans' membership says (its <c>SiloStatus</c>).</summary>
public enum SiloState
{
    /// <summary>Starting: in the membership table, not yet taking work.</summary>
    Joining,

    /// <summary>In the cluster: its worker claims, its grains serve.</summary>
    Active,

    /// <summary>Stopping gracefully: draining its running tasks, then leaving.</summary>
    ShuttingDown,

    /// <summary>Stopping without a drain.</summary>
    Stopping,

    /// <summary>Gone: declared dead by the others, or stopped. Its unfinished tasks ran elsewhere.</summary>
    Dead,
}
