namespace OrleansScheduler.Api;

/// <summary>
/// A queue's cluster-wide limits. A null property means no limit (for <see cref="RetentionSeconds"/>,
/// the gateway's default of 24 hours); a null property is also not sent, so setting
/// <c>new QueueLimitsInfo()</c> clears every limit.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.QueueLimitsInfo")]
public sealed record QueueLimitsInfo
{
    /// <summary>Most tasks of the queue Running at once across all silos (1 to 1 000 000).</summary>
    [Id(0)] public int? MaxConcurrency { get; init; }
    /// <summary>Most tasks started per second across all silos (0.001 to 1 000 000).</summary>
    [Id(1)] public double? RatePerSecond { get; init; }
    /// <summary>How long finished tasks are kept, in seconds (1 to 31 536 000).</summary>
    [Id(2)] public long? RetentionSeconds { get; init; }
}
