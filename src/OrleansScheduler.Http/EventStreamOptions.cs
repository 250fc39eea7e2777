namespace OrleansScheduler.Http;

/// <summary>
/// How <c>GET /api/events</c> serves its stream, bound from section <c>Scheduler:Events</c>
/// (<c>Scheduler:Events:PollInterval</c>, <c>Scheduler:Events:KeepAliveInterval</c>).
/// </summary>
internal sealed class EventStreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scheduler:Events";

    /// <summary>Most events read from the store at once; a full read is followed by the next without waiting.</summary>
    public const int BatchSize = 500;

    /// <summary>How long the stream waits before reading the store again once it has caught up. Default: 250 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// After how long without an event the stream sends a <c>: keep-alive</c> comment, so proxies and
    /// clients do not take a quiet queue for a dead connection. Default: 15 s.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Problem() =>
        PollInterval <= TimeSpan.Zero ? $"{Section}:PollInterval must be positive, not {PollInterval}."
        : KeepAliveInterval <= TimeSpan.Zero ? $"{Section}:KeepAliveInterval must be positive, not {KeepAliveInterval}."
        : null;
}
