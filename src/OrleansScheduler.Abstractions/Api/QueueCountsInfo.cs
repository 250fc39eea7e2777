namespace OrleansScheduler.Api;

/// <summary>A queue's tasks per state.</summary>
/// <param name="Pending">Ready to run.</param>
/// <param name="Scheduled">Due later (delayed, or backing off before a retry).</param>
/// <param name="Running">Under way on a silo.</param>
/// <param name="Succeeded">Finished successfully (until the queue's retention removes them).</param>
/// <param name="Failed">Dead letters: attempts exhausted or not retryable.</param>
/// <param name="Canceled">Canceled on request.</param>
/// <param name="Paused">Held back on request.</param>
/// <param name="Waiting">Waiting on dependencies.</param>
[GenerateSerializer, Alias("OrleansScheduler.QueueCountsInfo")]
public sealed record QueueCountsInfo([property: Id(0)] long Pending, [property: Id(1)] long Scheduled, [property: Id(2)] long Running, [property: Id(3)] long Succeeded, [property: Id(4)] long Failed, [property: Id(5)] long Canceled, [property: Id(6)] long Paused, [property: Id(7)] long Waiting);
