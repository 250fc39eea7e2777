using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Routing;

/// <summary>Gives this silo's claims the load hints of its <see cref="SiloLoadBoard"/> (<see cref="LoadHints"/>).</summary>
internal sealed class SnapshotClaimAdvisor(SiloLoadBoard board) : IClaimAdvisor
{
    public ClaimRequest Advise(ClaimRequest request)
    {
        var (defer, othersFree) = LoadHints.For(request.Queue, request.SiloId, request.Slots, board.Snapshot());
        return request with { DeferLeastLoaded = defer, OthersFree = othersFree };
    }
}
