using OrleansScheduler.Http;
using OrleansScheduler.Server;

namespace OrleansScheduler.Silo;

/// <summary>The API co-hosted with a silo: <c>/healthz</c> names the silo, <c>/readyz</c> follows its life.</summary>
internal sealed class SiloApiHost(LocalSilo silo) : IApiHost
{
    public string Role => "silo";

    public string? SiloId => silo.Id;

    public string Name => silo.Name;

    public bool IsReady => silo.IsReady;
}
