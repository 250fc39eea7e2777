using OrleansScheduler.Api;
using OrleansScheduler.Tasks;
namespace OrleansScheduler.Client;

/// <summary>A silo's state in the membership table, as the gateway reports it.</summary>
public enum SiloStatus
{
    /// <summary>Registered, not yet claiming.</summary>
    Joining,

    /// <summary>Heartbeating and claiming work.</summary>
    Active,

    /// <summary>Stopping or draining: no new claims; it leaves the table when its work is done or handed back.</summary>
    ShuttingDown,

    /// <summary>Declared dead after missing heartbeats; its running tasks were requeued on other silos.</summary>
    Dead,
}
