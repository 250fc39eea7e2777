using OrleansScheduler.Storage;

namespace OrleansScheduler.Http;

/// <summary>What serves the API, as <c>/healthz</c> and <c>/readyz</c> tell it: a silo (the API co-hosted with it) or a gateway that is only an Orleans client.</summary>
public interface IApiHost
{
    /// <summary><c>silo</c> or <c>gateway</c>.</summary>
    string Role { get; }

    /// <summary>A silo's address (<c>SiloAddress.ToParsableString()</c>, as a task's <c>silo</c> shows it); null for a gateway.</summary>
    string? SiloId { get; }

    /// <summary>The silo's name, or the gateway's host name.</summary>
    string Name { get; }

    /// <summary>Ready for work: a silo that has joined the cluster and is not draining; a gateway connected to the cluster.</summary>
    bool IsReady { get; }

    /// <summary>
    /// What the process knows of its store, as a background check last saw it (reading it costs no store call):
    /// <c>/healthz</c> answers 503 when it <see cref="StoreHealth.NeedsOperator"/>. <see cref="StoreHealth.Ok"/> where nothing checks.
    /// </summary>
    StoreHealth Health => StoreHealth.Ok;
}
