using Orleans.Concurrency;

namespace OrleansScheduler.Bench;

/// <summary><see cref="IPingGrain"/>: one activation, reentrant, completing every call synchronously.</summary>
[Reentrant]
internal sealed class PingGrain : Grain, IPingGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
