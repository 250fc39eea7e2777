using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>
/// One node of a workflow to create: a key, a task spec (only <see cref="Type"/> is required; a property left
/// null gets the gateway's default) and the nodes it depends on.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowTaskRequest")]
public sealed record WorkflowTaskRequest
{
    /// <summary>The node's key, unique in the workflow, e.g. <c>"fetch"</c>.</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>The handler name.</summary>
    [Id(1)] public required string Type { get; init; }

    /// <summary>The queue; the gateway's default is <c>"default"</c>. Dependencies may be in other queues.</summary>
    [Id(2)] public string? Queue { get; init; }

    /// <summary>The payload handed to the handler.</summary>
    [Id(3)] public JsonElement? Payload { get; init; }

    /// <summary>Higher runs first (−1000 to 1000; default 0).</summary>
    [Id(4)] public int? Priority { get; init; }

    /// <summary>Attempts before the node ends Failed (default 3).</summary>
    [Id(5)] public int? MaxAttempts { get; init; }

    /// <summary>How long one attempt may run, in milliseconds (default 30 000).</summary>
    [Id(6)] public long? TimeoutMs { get; init; }

    /// <summary>The first retry's delay in milliseconds (default 1 000).</summary>
    [Id(7)] public long? BackoffMs { get; init; }

    /// <summary>The nodes it runs after; null or empty for a node that starts at once.</summary>
    [Id(8)] public IReadOnlyList<WorkflowDependencyInfo>? DependsOn { get; init; }

    /// <summary>Where and how the node's task may run (docs/routing.md); null: the queue's default routing, or shared pull.</summary>
    [Id(9)] public TaskRouting? Routing { get; init; }

    /// <summary>The application grain that runs the node's task (docs/executors.md); null: a handler of its type.</summary>
    [Id(10)] public TaskTarget? Target { get; init; }
}
