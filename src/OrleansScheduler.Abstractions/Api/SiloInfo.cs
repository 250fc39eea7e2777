namespace OrleansScheduler.Api;

/// <summary>One silo as <c>/api/silos</c> shows it: Orleans' membership entry and, while it lives, its worker's load.</summary>
[GenerateSerializer, Alias("OrleansScheduler.SiloInfo")]
public sealed record SiloInfo
{
    /// <summary>
    /// The silo's address as Orleans parses it (<c>SiloAddress.ToParsableString()</c>, e.g.
    /// <c>127.0.0.1:11111@155159363</c>): endpoint and generation, unique per start. A task's
    /// <see cref="TaskInfo.Silo"/> and <c>/healthz</c> name silos this way.
    /// </summary>
    [Id(0)] public required string Id { get; init; }
    /// <summary>The silo's name (Orleans' <c>SiloName</c>), for people; the same across restarts.</summary>
    [Id(1)] public required string Name { get; init; }
    /// <summary>Its host name.</summary>
    [Id(2)] public string? HostName { get; init; }
    /// <summary>Its state in the membership.</summary>
    [Id(3)] public SiloState Status { get; init; }
    /// <summary>When this silo started.</summary>
    [Id(4)] public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it last wrote "I am alive" to the membership table.</summary>
    [Id(5)] public DateTimeOffset? IAmAliveAt { get; init; }
    /// <summary>Attempts it runs now (0 when it is not Active or did not answer).</summary>
    [Id(6)] public int Running { get; init; }
    /// <summary>Its slots (0 for a silo that runs no workers, or one that did not answer).</summary>
    [Id(7)] public int Capacity { get; init; }
    /// <summary>The queues its worker serves.</summary>
    [Id(8)] public IReadOnlyList<string> Queues { get; init; } = [];
    /// <summary>Its labels (<c>Scheduler:Labels</c>).</summary>
    [Id(9)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Whether its worker is draining: no more claims, running tasks finishing or handed back.</summary>
    [Id(10)] public bool Draining { get; init; }
    /// <summary>Whether the cluster's scheduler grain (cron ticks, the failover backstop) runs on it now.</summary>
    [Id(11)] public bool HostsScheduler { get; init; }
    /// <summary>The product version it runs (empty when it did not answer).</summary>
    [Id(12)] public string Version { get; init; } = "";
    /// <summary>Its free slots: <see cref="Capacity"/> minus the slots its running attempts take (each its task's cost); 0 when it did not answer.</summary>
    [Id(13)] public int FreeSlots { get; init; }
    /// <summary>How many distinct consistent-hash keys of Pending tasks are routed to it now.</summary>
    [Id(14)] public int ConsistentHashKeys { get; init; }
}
