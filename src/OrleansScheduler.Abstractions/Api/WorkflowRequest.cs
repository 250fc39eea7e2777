namespace OrleansScheduler.Api;

/// <summary>A workflow to create (<c>POST /api/workflows</c>): a DAG of tasks whose dependents run once their dependencies succeed.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowRequest")]
public sealed record WorkflowRequest
{
    /// <summary>A name for people.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The nodes, 1 to 5 000.</summary>
    [Id(1)] public required IReadOnlyList<WorkflowTaskRequest> Tasks { get; init; }
    /// <summary>A client-chosen id (at most 26 characters of letters, digits, '.', '_' and '-'); null lets the gateway make a sortable one. A taken id is a 409.</summary>
    [Id(2)] public string? Id { get; init; }
}
