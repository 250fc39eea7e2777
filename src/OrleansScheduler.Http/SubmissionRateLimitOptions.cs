namespace OrleansScheduler.Http;

/// <summary>
/// How many submissions (<c>POST /api/tasks</c>, <c>/api/tasks/batch</c>, <c>/api/workflows</c>) one caller may make per
/// window, bound from <c>Scheduler:RateLimit</c>. A caller is its API key (by name) when keys are configured, else its
/// client address. Off by default: a batch of 1000 tasks is one request, and the store's own queue limits already
/// bound what waits; turn it on where callers are many or not trusted to pace themselves.
/// </summary>
public sealed class SubmissionRateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scheduler:RateLimit";

    /// <summary>Submissions one caller may make per <see cref="Window"/>; a request over it is a 429 with <c>Retry-After</c>. Default: 0, no limit.</summary>
    public int PermitsPerWindow { get; set; }

    /// <summary>The fixed window the permits are counted in. Default: one second.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether submissions are limited at all.</summary>
    public bool IsEnabled => PermitsPerWindow > 0;

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem() =>
        PermitsPerWindow < 0 ? $"{Section}:PermitsPerWindow must be 0 (no limit) or more; it is {PermitsPerWindow}."
        : Window <= TimeSpan.Zero ? $"{Section}:Window must be positive; it is {Window}."
        : null;
}
