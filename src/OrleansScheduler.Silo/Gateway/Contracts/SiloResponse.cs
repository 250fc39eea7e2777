using OrleansScheduler.Membership;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>One silo incarnation as <c>/api/silos</c> shows it: <see cref="SiloEntry"/> with ages in milliseconds from now.</summary>
internal sealed record SiloResponse
{
    /// <summary>The incarnation id (<c>name.generation</c>); task records' <c>silo</c> holds this.</summary>
    public required string Id { get; init; }
    /// <summary>The configured silo name, the same across incarnations.</summary>
    public required string Name { get; init; }
    /// <summary>Where its gateway listens (Scheduler:Address, else its first listen URL).</summary>
    public string? Address { get; init; }
    /// <summary>Joining, Active, ShuttingDown or Dead.</summary>
    public required SiloStatus Status { get; init; }
    /// <summary>Milliseconds since its last heartbeat.</summary>
    public long HeartbeatAgeMs { get; init; }
    /// <summary>Attempts it ran at its last heartbeat.</summary>
    public int Running { get; init; }
    /// <summary>Its slots (0 for a gateway-only silo).</summary>
    public int Capacity { get; init; }
    /// <summary>The queues its workers serve.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];
    /// <summary>Its labels (Scheduler:Labels).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The product version it runs.</summary>
    public string Version { get; init; } = "";
    /// <summary>When this incarnation started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Milliseconds it has been up: until now, or for a Dead silo until its last heartbeat.</summary>
    public long UptimeMs { get; init; }
    /// <summary>When it was declared dead (null while it lives).</summary>
    public DateTimeOffset? DeclaredDeadAt { get; init; }
    /// <summary>Whether a drain was requested for it.</summary>
    public bool DrainRequested { get; init; }
    /// <summary>Whether it holds the scheduler role's lease.</summary>
    public bool RoleHolder { get; init; }

    /// <summary>The response for <paramref name="silo"/> seen at <paramref name="now"/>; <paramref name="roleHolder"/> is the lease holder's id.</summary>
    public static SiloResponse From(SiloEntry silo, DateTimeOffset now, string? roleHolder) => new()
    {
        Id = silo.Id,
        Name = silo.Name,
        Address = silo.Address,
        Status = silo.Status,
        // Silos' clocks may differ by a little; an age is never negative.
        HeartbeatAgeMs = Milliseconds(now - silo.LastHeartbeat),
        Running = silo.Running,
        Capacity = silo.Capacity,
        Queues = silo.Queues,
        Labels = silo.Labels,
        Version = silo.Version,
        StartedAt = silo.StartedAt,
        UptimeMs = Milliseconds((silo.Status == SiloStatus.Dead ? silo.LastHeartbeat : now) - silo.StartedAt),
        DeclaredDeadAt = silo.DeclaredDeadAt,
        DrainRequested = silo.DrainRequested,
        RoleHolder = roleHolder is not null && roleHolder == silo.Id,
    };

    private static long Milliseconds(TimeSpan span) => Math.Max(0, (long)span.TotalMilliseconds);
}
