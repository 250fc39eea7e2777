namespace OrleansScheduler.Hosting;

/// <summary>How quickly Orleans declares a silo dead, and so how soon its unfinished tasks run elsewhere.</summary>
public enum FailoverProfile
{
    /// <summary>
    /// Orleans' own <c>ClusterMembershipOptions</c>: a probe every 5 s, three missed ones (and two votes)
    /// declare a silo dead. Measured here: 10–16 s from kill -9 until its tasks run on another silo.
    /// </summary>
    Default,

    /// <summary>
    /// Short probes and table refreshes (<c>ProbeTimeout</c> 500 ms, <c>NumMissedProbesLimit</c> 2, one vote,
    /// <c>TableRefreshTimeout</c> 2 s, connection liveness check off). Measured here: 0.5–1.3 s from kill -9
    /// until its tasks run on another silo, and a paused silo learns it was declared dead within 2 s of
    /// resuming. Costs more probes, and a silo its host stalls for about a second is declared dead (it then
    /// stops itself, and its tasks run elsewhere).
    /// </summary>
    Fast,
}
