using System.Text.Json;

namespace OrleansScheduler.Silo.Gateway.Contracts;

// Documents the body for OpenAPI only: the gateway parses bodies itself (TaskRequestParser) so
// its errors can name fields precisely. Keep the two in step.

/// <summary>A task to run. Only <c>type</c> is required; <c>delayMs</c> and <c>runAt</c> are exclusive. Unknown fields are refused.</summary>
internal sealed record SubmitTaskBody
{
    /// <summary>The handler name: 1–128 of letters, digits, '.', '_', ':' and '-'.</summary>
    public required string Type { get; init; }
    /// <summary>The queue (default "default"): 1–64 of letters, digits, '.', '_' and '-'.</summary>
    public string? Queue { get; init; }
    /// <summary>Any JSON value, handed to the handler as is (at most Scheduler:MaxPayloadBytes, default 256 KiB).</summary>
    public JsonElement? Payload { get; init; }
    /// <summary>Higher runs first, from -1000 to 1000 (default 0).</summary>
    public int? Priority { get; init; }
    /// <summary>Milliseconds before the task becomes ready (at most 366 days).</summary>
    public long? DelayMs { get; init; }
    /// <summary>When the task becomes ready: ISO-8601 with an offset, e.g. 2026-01-01T09:30:00Z.</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>Attempts before the task ends Failed, 1 to 100 (default 3).</summary>
    public int? MaxAttempts { get; init; }
    /// <summary>How long one attempt may run, in milliseconds, up to 24 h (default 30000).</summary>
    public long? TimeoutMs { get; init; }
    /// <summary>The first retry's delay in milliseconds; it doubles on each retry up to 1 h (default 1000).</summary>
    public long? BackoffMs { get; init; }
    /// <summary>A client-chosen id (1–64 of letters, digits, '.', '_' and '-'); the gateway makes a sortable one when absent.</summary>
    public string? Id { get; init; }
    /// <summary>
    /// Makes the submission safe to repeat (1–128 printable ASCII characters, no spaces; scoped to the
    /// queue, remembered for idempotencyWindowMs, default 24 h): the same key with the same type and
    /// payload answers 201 with the first task's id and stores nothing; a different type or payload
    /// under the key is a 409 naming the existing task.
    /// </summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>
    /// How long the idempotencyKey is remembered after this submission, in milliseconds: 1000 (1 s)
    /// to 2592000000 (30 days); default 86400000 (24 h). Only with an idempotencyKey.
    /// </summary>
    public long? IdempotencyWindowMs { get; init; }
}
