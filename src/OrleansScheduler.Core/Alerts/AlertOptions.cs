namespace OrleansScheduler.Alerts;

/// <summary>
/// Section <c>Scheduler:Alerts</c> of the silos' configuration: the rules that come from it, the signing secrets,
/// and the timings of evaluation, deduplication and webhook retries. Every silo must carry the same section: the
/// alert grain runs on any one of them.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Alerts";

    /// <summary>Rules from configuration (<c>Scheduler:Alerts:Rules:&lt;i&gt;</c>); the API can neither change nor delete them.</summary>
    public List<AlertRule> Rules { get; set; } = [];

    /// <summary>Signing secrets by name (<c>Scheduler:Alerts:Secrets:&lt;name&gt;</c>); a rule names one. Never logged nor shown.</summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often the alert grain evaluates the rules. Default 5 s.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A rule fires at most once per subject within this window. Default 10 minutes.</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The wait before a webhook's first retry; each next one waits twice as long. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two deliveries of one webhook. Default 1 minute.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times a webhook is sent at most (the first delivery included). Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>How long one delivery may take. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The retry schedule these options give.</summary>
    public WebhookRetrySchedule RetrySchedule => new(RetryBaseDelay, RetryMaxDelay, MaxAttempts);
}
