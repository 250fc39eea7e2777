using OrleansScheduler.Api;
using OrleansScheduler.Tasks;
namespace OrleansScheduler.Client;

/// <summary>One silo incarnation in the membership table, as the gateway shows it.</summary>
public sealed record SiloInfo
{
    /// <summary>The incarnation id (<c>name.generation</c>); <see cref="TaskInfo.Silo"/> holds this.</summary>
    public required string Id { get; init; }
    /// <summary>The configured silo name, the same across incarnations.</summary>
    public required string Name { get; init; }
    /// <summary>Where its gateway listens, if known.</summary>
    public string? Address { get; init; }
    /// <summary>Its state.</summary>
    public SiloStatus Status { get; init; }
    /// <summary>Milliseconds since its last heartbeat.</summary>
    public long HeartbeatAgeMs { get; init; }
    /// <summary>Attempts it ran at its last heartbeat.</summary>
    public int Running { get; init; }
    /// <summary>Its slots (0 for a gateway-only silo).</summary>
    public int Capacity { get; init; }
    /// <summary>The queues its workers serve.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];
    /// <summary>Its labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The product version it runs.</summary>
    public string Version { get; init; } = "";
    /// <summary>When this incarnation started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Milliseconds it has been up (for a Dead silo, until its last heartbeat).</summary>
    public long UptimeMs { get; init; }
    /// <summary>When it was declared dead.</summary>
    public DateTimeOffset? DeclaredDeadAt { get; init; }
    /// <summary>Whether a drain was requested for it.</summary>
    public bool DrainRequested { get; init; }
    /// <summary>Whether it holds the scheduler role.</summary>
    public bool RoleHolder { get; init; }
}
