using OrleansScheduler.Api;
using OrleansScheduler.Tasks;
namespace OrleansScheduler.Client;

/// <summary>The membership table: every silo incarnation (Dead ones until pruned) and the scheduler role's holder (null while the role is free).</summary>
public sealed record SiloListInfo(IReadOnlyList<SiloInfo> Silos, string? SchedulerRoleHolder);
