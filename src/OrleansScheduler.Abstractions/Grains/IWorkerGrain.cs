using Orleans.Concurrency;
using OrleansScheduler.Api;

namespace OrleansScheduler.Grains;

/// <summary>
/// The addressable face of one silo's worker engine, keyed by the silo's address
/// (<c>SiloAddress.ToParsableString()</c>) and always placed on that silo. Every call is one-way or
/// interleaved; the engine itself runs on the thread pool, never on the grain's scheduler. A call for
/// a silo that is not in the cluster fails to place.
/// </summary>
[Alias("OrleansScheduler.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Work may be ready in <paramref name="queue"/>: claim now rather than at the next poll (ignored for a queue the silo does not serve).</summary>
    [Alias("wake"), OneWay]
    Task WakeAsync(string queue);

    /// <summary>A task this silo may be running was canceled: fire its handler's cancellation token.</summary>
    [Alias("cancel"), OneWay]
    Task CancelAttemptAsync(string taskId);

    /// <summary>What the worker runs now.</summary>
    [Alias("load")]
    Task<WorkerLoad> GetLoadAsync();

    /// <summary>
    /// Starts a drain: the worker stops claiming, lets running tasks finish for up to its drain timeout,
    /// hands the rest back without counting an attempt, and then the silo leaves the cluster and stops.
    /// Returns the load as the drain began.
    /// </summary>
    [Alias("drain")]
    Task<WorkerLoad> DrainAsync();

    /// <summary>
    /// Another silo's worker pushes its load (DESIGN.md §7): this silo's membership-and-load snapshot keeps
    /// it for routing and for the load hints of its claims.
    /// </summary>
    [Alias("report-load"), OneWay]
    Task ReportLoadAsync(WorkerLoad load);
}
