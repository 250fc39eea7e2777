namespace OrleansScheduler.Alerts;

/// <summary>One alert that fired: the body its webhook carries (see docs/alerts.md) and what <c>GET /api/alerts</c> lists.</summary>
[GenerateSerializer, Alias("OrleansScheduler.AlertFiring")]
public sealed record AlertFiring
{
    /// <summary>Unique per firing; a receiver deduplicates retried deliveries by it.</summary>
    [Id(0)] public string Id { get; init; } = "";

    /// <summary>The rule that fired.</summary>
    [Id(1)] public string Rule { get; init; } = "";

    /// <summary>The rule's kind.</summary>
    [Id(2)] public AlertKind Kind { get; init; }

    /// <summary>What it fired about: a task id, a queue, a silo address, or <c>&lt;schedule&gt;@&lt;tick&gt;</c>.</summary>
    [Id(3)] public string Subject { get; init; } = "";

    /// <summary>The queue concerned, if any.</summary>
    [Id(4)] public string? Queue { get; init; }

    /// <summary>A sentence for people.</summary>
    [Id(5)] public string Message { get; init; } = "";

    /// <summary>When it fired (the silos' clock).</summary>
    [Id(6)] public DateTimeOffset FiredAt { get; init; }
}
