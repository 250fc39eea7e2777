namespace OrleansScheduler.Tasks;

/// <summary>
/// One attempt handed to a worker. <see cref="Token"/> is the attempt's fencing token: every later
/// write of this attempt (complete, fail) must present it, so a worker whose attempt was replaced
/// can never overwrite the outcome of the attempt that replaced it.
/// </summary>
public sealed record ClaimedTask(
    string Id,
    string Queue,
    string Type,
    string Payload,
    int Attempt,
    int MaxAttempts,
    long Token,
    TimeSpan Timeout,
    DateTimeOffset Deadline);
