using OrleansScheduler.Http;
using OrleansScheduler.Server;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo;

/// <summary>The API co-hosted with a silo: <c>/healthz</c> names the silo and says what its store's check saw, <c>/readyz</c> follows its life.</summary>
internal sealed class SiloApiHost(LocalSilo silo, IStoreHealth? store = null) : IApiHost
{
    public string Role => "silo";

    public string? SiloId => silo.Id;

    public string Name => silo.Name;

    public bool IsReady => silo.IsReady;

    public StoreHealth Health => store?.Current ?? StoreHealth.Ok;
}
