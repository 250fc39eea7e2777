namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The membership table: every silo incarnation (Dead ones until they are pruned) and who holds the scheduler role.</summary>
/// <param name="Silos">The incarnations, ordered by id.</param>
/// <param name="SchedulerRoleHolder">The incarnation id holding the scheduler role's lease; null while the role is free (its holder died and the lease has not expired yet).</param>
internal sealed record SiloListResponse(IReadOnlyList<SiloResponse> Silos, string? SchedulerRoleHolder);
