using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>
/// A queue's cluster-wide limits, stored with the queue and enforced by the claim (every silo sees
/// the same). Null means unlimited (or, for retention, <see cref="TaskLimits.DefaultRetention"/>).
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.QueueLimits")]
public sealed record QueueLimits
{
    /// <summary>No limits, default retention.</summary>
    public static QueueLimits None { get; } = new();

    /// <summary>Most tasks of the queue Running at once across all silos.</summary>
    [Id(0)] public int? MaxConcurrency { get; init; }

    /// <summary>
    /// Most tasks started per second across all silos: a token bucket holding up to
    /// max(1, rate) starts, refilled continuously at the rate.
    /// </summary>
    [Id(1)] public double? RatePerSecond { get; init; }

    /// <summary>How long finished (Succeeded, Failed, Canceled) tasks are kept before the sweep removes them.</summary>
    [Id(2)] public TimeSpan? Retention { get; init; }

    /// <summary>The retention in force: <see cref="Retention"/> or the default.</summary>
    public TimeSpan EffectiveRetention => Retention ?? TaskLimits.DefaultRetention;

    /// <summary>Every problem with these limits (field names as the API spells them); empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (MaxConcurrency is < 1 or > TaskLimits.MaxQueueConcurrency)
            errors.Add(new("maxConcurrency", $"maxConcurrency must be between 1 and {TaskLimits.MaxQueueConcurrency}, or null for no limit."));
        if (RatePerSecond is { } rate && (double.IsNaN(rate) || rate < TaskLimits.MinQueueRate || rate > TaskLimits.MaxQueueRate))
            errors.Add(new("ratePerSecond", $"ratePerSecond must be between {TaskLimits.MinQueueRate} and {TaskLimits.MaxQueueRate}, or null for no limit."));
        if (Retention is { } keep && (keep < TimeSpan.FromSeconds(1) || keep > TaskLimits.MaxRetention))
            errors.Add(new("retentionSeconds", $"retentionSeconds must be between 1 and {(long)TaskLimits.MaxRetention.TotalSeconds}, or null for the default ({(long)TaskLimits.DefaultRetention.TotalSeconds})."));
        return errors;
    }
}
