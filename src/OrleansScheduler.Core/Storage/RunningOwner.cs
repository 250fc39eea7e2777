namespace OrleansScheduler.Storage;

/// <summary>A silo that holds Running attempts of a queue: how many, and when it started the newest of them.</summary>
/// <param name="SiloId">The owner, as it claimed (a silo address, or an id from before the move onto Orleans).</param>
/// <param name="Running">Its Running attempts in the queue.</param>
/// <param name="LastStartedAt">When the newest of them started: the owner was alive then.</param>
public sealed record RunningOwner(string SiloId, int Running, DateTimeOffset LastStartedAt);
