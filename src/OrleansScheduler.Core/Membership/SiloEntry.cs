namespace OrleansScheduler.Membership;

/// <summary>
/// One silo incarnation in the membership table. <see cref="Id"/> is unique per incarnation
/// (<c>name.generation</c>), so a silo that restarts, or rejoins after being declared dead, never
/// shares an id, a running set or a fencing history with its previous life.
/// </summary>
public sealed record SiloEntry
{
    /// <summary>The incarnation id, e.g. <c>silo-1.mhx3k2a1</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The configured silo name the incarnation belongs to, e.g. <c>silo-1</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Where its gateway listens, if it has one.</summary>
    public string? Address { get; init; }
    /// <summary>The queues its workers serve.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];
    /// <summary>Its slots.</summary>
    public int Capacity { get; init; }
    /// <summary>Free-form labels (zone, machine kind…).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The product version it runs.</summary>
    public string Version { get; init; } = "";
    /// <summary>When this incarnation started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Its state.</summary>
    public SiloStatus Status { get; init; }
    /// <summary>When its last heartbeat arrived.</summary>
    public DateTimeOffset LastHeartbeat { get; init; }
    /// <summary>Attempts it ran at its last heartbeat.</summary>
    public int Running { get; init; }
    /// <summary>Whether a drain was requested for it (it stops claiming, finishes or hands back its work, and leaves).</summary>
    public bool DrainRequested { get; init; }
    /// <summary>When it was declared dead.</summary>
    public DateTimeOffset? DeclaredDeadAt { get; init; }
    /// <summary>Whether its running tasks have been requeued since it was declared dead.</summary>
    public bool FailoverDone { get; init; }
}
