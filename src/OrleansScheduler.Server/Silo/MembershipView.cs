using OrleansScheduler.Failover;

namespace OrleansScheduler.Server;

/// <summary>Orleans' membership snapshot as the failover backstop reads it.</summary>
internal sealed class MembershipView(ClusterMembershipSnapshot snapshot, DateTimeOffset readAt) : IMembershipView
{
    public DateTimeOffset ReadAt { get; } = readAt;

    public SiloLiveness Liveness(string siloId)
    {
        if (SiloAddresses.TryParse(siloId) is not { } silo || !snapshot.Members.TryGetValue(silo, out var member)) return SiloLiveness.Unlisted;
        return member.Status == SiloStatus.Dead ? SiloLiveness.Dead : SiloLiveness.Alive;
    }
}
