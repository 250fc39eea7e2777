namespace OrleansScheduler.Alerts;

/// <summary>
/// One alert rule: what it watches (<see cref="Kind"/> with its thresholds) and where it sends what fires
/// (<see cref="WebhookUrl"/>, signed with the silos' secret named <see cref="Secret"/>). Rules come from
/// configuration (<c>Scheduler:Alerts:Rules:&lt;i&gt;</c>) or through <c>PUT /api/alerts/rules/{name}</c>.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.AlertRule")]
public sealed record AlertRule
{
    /// <summary>The rule's name, unique among all rules (<see cref="AlertLimits.NamePattern"/>).</summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>What it watches.</summary>
    [Id(1)] public AlertKind Kind { get; init; }

    /// <summary>The queue it watches; null for every queue (each queue judged alone).</summary>
    [Id(2)] public string? Queue { get; init; }

    /// <summary>For <see cref="AlertKind.CronMissed"/>: the schedule it watches; null for every schedule.</summary>
    [Id(3)] public string? Schedule { get; init; }

    /// <summary>For <see cref="AlertKind.OldestPending"/>: how long the oldest Pending task may wait, in milliseconds.</summary>
    [Id(4)] public long? OlderThanMs { get; init; }

    /// <summary>For <see cref="AlertKind.QueueDepth"/>: how many Pending tasks the queue may hold.</summary>
    [Id(5)] public long? Depth { get; init; }

    /// <summary>For the queue kinds: how long the condition must hold before the rule fires, in milliseconds (0 when null: at once).</summary>
    [Id(6)] public long? ForMs { get; init; }

    /// <summary>For <see cref="AlertKind.CronMissed"/>: how late a tick may be before it counts as missed, in milliseconds (<see cref="AlertLimits.DefaultGraceMs"/> when null).</summary>
    [Id(7)] public long? GraceMs { get; init; }

    /// <summary>The http or https url the alert is POSTed to.</summary>
    [Id(8)] public string WebhookUrl { get; init; } = "";

    /// <summary>The name of the signing secret, <c>Scheduler:Alerts:Secrets:&lt;name&gt;</c> on the silos; null sends the webhook unsigned.</summary>
    [Id(9)] public string? Secret { get; init; }

    /// <summary>Where the rule comes from: <c>configuration</c> or <c>api</c> (set by the silos; input ignores it).</summary>
    [Id(10)] public string? Source { get; init; }
}
