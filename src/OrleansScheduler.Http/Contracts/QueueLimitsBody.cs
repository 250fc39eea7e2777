namespace OrleansScheduler.Http.Contracts;

// Documents the body for OpenAPI only: QueueLimitsParser reads it. Keep the two in step.

/// <summary>
/// A queue's new limits, replacing the old ones as a whole: a field left out or null means no limit
/// (for retention, the default of 24 h), so <c>{}</c> clears them all. Unknown fields are refused.
/// </summary>
/// <param name="MaxConcurrency">Most tasks of the queue Running at once across all silos: 1 to 1 000 000.</param>
/// <param name="RatePerSecond">Most tasks started per second across all silos: 0.001 to 1 000 000 (a token bucket holding max(1, rate) starts).</param>
/// <param name="RetentionSeconds">How long finished tasks are kept before the sweep removes them: 1 to 31 536 000 seconds (365 days).</param>
internal sealed record QueueLimitsBody(int? MaxConcurrency, double? RatePerSecond, long? RetentionSeconds);
