using Orleans.Configuration;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Server;

/// <summary>The <see cref="ClusterMembershipOptions"/> of each <see cref="FailoverProfile"/>; pinned by a test and documented in docs/cluster.md.</summary>
public static class FailoverProfiles
{
    /// <summary>Sets <paramref name="options"/> for <paramref name="profile"/>: nothing for Default (Orleans' own values).</summary>
    public static void Apply(FailoverProfile profile, ClusterMembershipOptions options)
    {
        if (profile != FailoverProfile.Fast) return;
        // A killed silo refuses connections, so its probes fail at once: two missed probes, one every
        // half second, declare it.
        options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 1;
        // A paused silo keeps its connections open; the liveness check would add MaxProbeTimeout x the limit.
        options.EnableConnectionLivenessCheck = false;
        // A silo declared dead while paused learns it at its next read and stops itself.
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }
}
