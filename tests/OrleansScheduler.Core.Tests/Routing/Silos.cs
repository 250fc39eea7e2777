using OrleansScheduler.Routing;

namespace OrleansScheduler.Core.Tests.Routing;

/// <summary>Silo views and snapshots as the routing tests write them: Active, claiming, serving "default", 10 slots, unless told.</summary>
internal static class Silos
{
    public const string Queue = "default";

    public static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static SiloView Silo(string id, string? name = null, bool active = true, int capacity = 10, int used = 0, string[]? queues = null,
        Dictionary<string, string>? labels = null, bool claiming = true, bool dead = false) =>
        new(id, name ?? "", active, capacity, used, queues ?? [Queue], labels ?? [], claiming) { Dead = dead };

    public static RoutingSnapshot Snapshot(params SiloView[] silos) => new(silos, At);

    /// <summary>Silos s0 … s(n−1), each named after its id.</summary>
    public static RoutingSnapshot Numbered(int count, int from = 0) =>
        Snapshot([.. Enumerable.Range(from, count).Select(i => Silo($"10.0.0.{i}:11111@1", name: $"s{i}"))]);
}
