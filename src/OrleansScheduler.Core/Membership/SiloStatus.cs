namespace OrleansScheduler.Membership;

/// <summary>A silo's state in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Registered, not yet claiming.</summary>
    Joining,

    /// <summary>Heartbeating and claiming work.</summary>
    Active,

    /// <summary>Stopping: no new claims, running attempts finishing or being handed back.</summary>
    ShuttingDown,

    /// <summary>Declared dead after missing heartbeats; its running tasks were (or are being) requeued.</summary>
    Dead,
}
