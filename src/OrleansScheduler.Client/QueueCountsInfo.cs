namespace OrleansScheduler.Client;

/// <summary>A queue's tasks per state.</summary>
/// <param name="Pending">Ready to run.</param>
/// <param name="Scheduled">Due later (delayed, or backing off before a retry).</param>
/// <param name="Running">Under way on a silo.</param>
/// <param name="Succeeded">Finished successfully (until the queue's retention removes them).</param>
/// <param name="Failed">Dead letters: attempts exhausted or not retryable.</param>
/// <param name="Canceled">Canceled on request.</param>
/// <param name="Paused">Held back on request.</param>
/// <param name="Waiting">Waiting on dependencies.</param>
public sealed record QueueCountsInfo(long Pending, long Scheduled, long Running, long Succeeded, long Failed, long Canceled, long Paused, long Waiting);
