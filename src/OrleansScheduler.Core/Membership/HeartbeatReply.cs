namespace OrleansScheduler.Membership;

/// <summary>What the membership table answered a heartbeat.</summary>
/// <param name="Alive">False when the incarnation was declared dead (or is gone): the silo must stop, abandon its attempts and rejoin as a new incarnation.</param>
/// <param name="DrainRequested">True when someone asked this silo to drain.</param>
public readonly record struct HeartbeatReply(bool Alive, bool DrainRequested);
