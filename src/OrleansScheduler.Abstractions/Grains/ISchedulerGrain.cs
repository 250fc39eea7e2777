using Orleans.Concurrency;

namespace OrleansScheduler.Grains;

/// <summary>
/// The one scheduler of the cluster (key 0), with no state of its own: each tick it fires the cron
/// schedules that are due (each under its idempotency key <c>schedule:&lt;name&gt;:&lt;tick&gt;</c>),
/// has every queue grain sweep, and now and then runs the failover backstop (requeues the Running work of
/// owners the membership lists as Dead or no longer lists). Every silo pokes it each second so a new
/// activation starts soon after its silo dies; a reminder is the backstop where a reminder service runs.
/// Orleans can run two activations for a while (a paused silo's), so all it does is idempotent.
/// </summary>
[Alias("OrleansScheduler.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps the grain active (its timer ticks while it is).</summary>
    [Alias("poke"), OneWay]
    Task PokeAsync();

    /// <summary>The address of the silo it runs on (<c>SiloAddress.ToParsableString()</c>).</summary>
    [Alias("host"), AlwaysInterleave]
    Task<string> GetHostAsync();
}
