using OrleansScheduler.Storage;

namespace OrleansScheduler.Workers;

/// <summary>
/// Adds what a silo knows of the other silos' loads to its claims (DESIGN.md §7): whether least-loaded tasks
/// belong elsewhere now and the others' free slots for best fit. The silo host supplies it from its
/// membership-and-load snapshot; without one a silo claims as if it were alone.
/// </summary>
public interface IClaimAdvisor
{
    /// <summary><paramref name="request"/> with the load hints of the silo's snapshot for its queue.</summary>
    ClaimRequest Advise(ClaimRequest request);
}
