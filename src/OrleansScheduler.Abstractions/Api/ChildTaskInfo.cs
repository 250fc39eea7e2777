using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>One child of a parent, as <c>GET /api/tasks/{id}/children</c> lists it.</summary>
[GenerateSerializer, Alias("OrleansScheduler.ChildTaskInfo")]
public sealed record ChildTaskInfo
{
    /// <summary>Its position among the parent's children, from 0 (spawn order).</summary>
    [Id(0)] public int Index { get; init; }
    /// <summary>Its task id, <c>&lt;parent id&gt;.&lt;index&gt;</c>.</summary>
    [Id(1)] public required string Id { get; init; }
    /// <summary>Its queue.</summary>
    [Id(2)] public required string Queue { get; init; }
    /// <summary>Its handler name.</summary>
    [Id(3)] public required string Type { get; init; }
    /// <summary>Its state now.</summary>
    [Id(4)] public TaskState Status { get; init; }
    /// <summary>Its result, once Succeeded.</summary>
    [Id(5)] public JsonElement? Result { get; init; }
    /// <summary>Its last error.</summary>
    [Id(6)] public string? Error { get; init; }
}
