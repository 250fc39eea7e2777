using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>One node of a workflow as the gateway shows it: its task as the store holds it now.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowNodeInfo")]
public sealed record WorkflowNodeInfo
{
    /// <summary>The node's key.</summary>
    [Id(0)] public required string Key { get; init; }
    /// <summary>Its task's id, <c>&lt;workflow id&gt;.&lt;key&gt;</c> (<c>GET /api/tasks/{id}</c> shows the task).</summary>
    [Id(1)] public required string TaskId { get; init; }
    /// <summary>Its queue.</summary>
    [Id(2)] public required string Queue { get; init; }
    /// <summary>Its handler name.</summary>
    [Id(3)] public required string Type { get; init; }
    /// <summary>Its task's state; Waiting until its dependencies let it go.</summary>
    [Id(4)] public TaskState Status { get; init; }
    /// <summary>Attempts started in its current run.</summary>
    [Id(5)] public int Attempt { get; init; }
    /// <summary>Its result, once Succeeded.</summary>
    [Id(6)] public JsonElement? Result { get; init; }
    /// <summary>Its last error; for a node canceled because of a dependency, which dependency and how it ended.</summary>
    [Id(7)] public string? Error { get; init; }
    /// <summary>When its current or last attempt started.</summary>
    [Id(8)] public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached a terminal state.</summary>
    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The keys of the nodes it depends on.</summary>
    [Id(10)] public IReadOnlyList<string> DependsOn { get; init; } = [];
}
