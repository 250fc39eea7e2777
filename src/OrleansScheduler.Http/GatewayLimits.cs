namespace OrleansScheduler.Http;

/// <summary>How large a request body the gateway reads. Payload limits come from SchedulerOptions; these bound the whole body around them.</summary>
internal static class GatewayLimits
{
    /// <summary>Room for a task's other fields around its payload.</summary>
    public const int EnvelopeBytes = 64 * 1024;

    /// <summary>The largest batch body, unless one task's limit is larger. Below Kestrel's default (30 MB) so ours is the limit clients meet.</summary>
    public const int BatchBodyBytes = 16 * 1024 * 1024;

    /// <summary>The largest body of <c>POST /api/queues/{name}/dead-letter/retry</c>: room for 1000 ids of 64 characters.</summary>
    public const int DeadLetterRetryBodyBytes = 128 * 1024;

    /// <summary>The largest body of <c>POST /api/tasks</c>.</summary>
    public static long SingleBody(int maxPayloadBytes) => (long)maxPayloadBytes + EnvelopeBytes;

    /// <summary>The largest body of <c>POST /api/tasks/batch</c>.</summary>
    public static long BatchBody(int maxPayloadBytes) => Math.Max(BatchBodyBytes, SingleBody(maxPayloadBytes));
}
