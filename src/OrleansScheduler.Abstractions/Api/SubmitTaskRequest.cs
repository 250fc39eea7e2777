using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>
/// A task to submit. Only <see cref="Type"/> is required; a property left null is not sent, so the
/// gateway applies its documented default. <see cref="DelayMs"/> and <see cref="RunAt"/> are exclusive.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.SubmitTaskRequest")]
public sealed record SubmitTaskRequest
{
    /// <summary>The handler name, e.g. <c>"echo"</c>.</summary>
    [Id(0)] public required string Type { get; init; }

    /// <summary>The queue; the gateway's default is <c>"default"</c>.</summary>
    [Id(1)] public string? Queue { get; init; }

    /// <summary>The payload handed to the handler.</summary>
    [Id(2)] public JsonElement? Payload { get; init; }

    /// <summary>Higher runs first (−1000 to 1000; default 0).</summary>
    [Id(3)] public int? Priority { get; init; }

    /// <summary>Milliseconds to wait before the task becomes ready.</summary>
    [Id(4)] public long? DelayMs { get; init; }

    /// <summary>When the task becomes ready.</summary>
    [Id(5)] public DateTimeOffset? RunAt { get; init; }

    /// <summary>Attempts before the task ends Failed (default 3).</summary>
    [Id(6)] public int? MaxAttempts { get; init; }

    /// <summary>How long one attempt may run, in milliseconds (default 30 000).</summary>
    [Id(7)] public long? TimeoutMs { get; init; }

    /// <summary>The first retry's delay in milliseconds; it doubles on each retry (default 1 000).</summary>
    [Id(8)] public long? BackoffMs { get; init; }

    /// <summary>A client-chosen id; the gateway makes a sortable one when null.</summary>
    [Id(9)] public string? Id { get; init; }

    /// <summary>
    /// Makes the submission safe to repeat (1–128 printable ASCII characters without spaces, scoped to
    /// the queue, remembered for <see cref="IdempotencyWindowMs"/>, 24 hours by default): sending the
    /// same key with the same type and payload again returns the first task's id and stores nothing; a
    /// different type or payload under the key is refused with a 409 ProblemDetails.
    /// </summary>
    [Id(10)] public string? IdempotencyKey { get; init; }

    /// <summary>
    /// How long the gateway remembers <see cref="IdempotencyKey"/> after this submission, in
    /// milliseconds: 1 000 (1 s) to 2 592 000 000 (30 days); the gateway's default is 24 hours. Only
    /// with an <see cref="IdempotencyKey"/>.
    /// </summary>
    [Id(11)] public long? IdempotencyWindowMs { get; init; }

    /// <summary>
    /// Where and how the task may run (docs/routing.md), e.g. <c>new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-42" }</c>;
    /// null: the queue's default routing, or shared pull when it has none.
    /// </summary>
    [Id(12)] public TaskRouting? Routing { get; init; }

    /// <summary>
    /// The application grain that runs the task (docs/executors.md), e.g. <c>new TaskTarget { Grain = "orders", Key = "order-42" }</c>;
    /// null: a handler of <see cref="Type"/> runs it.
    /// </summary>
    [Id(13)] public TaskTarget? Target { get; init; }

    /// <summary>A request whose payload is <paramref name="payload"/> serialized with web defaults.</summary>
    public static SubmitTaskRequest Create<TPayload>(string type, TPayload payload) =>
        new() { Type = type, Payload = JsonSerializer.SerializeToElement(payload, ApiJson.Options) };
}
