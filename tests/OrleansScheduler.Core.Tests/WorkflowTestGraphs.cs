using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Core.Tests;

/// <summary>Workflow definitions written as <c>"key:dep1,dep2"</c> strings, so a test's graph reads on one line.</summary>
internal static class WorkflowTestGraphs
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Nodes like <c>"join:a,b"</c>; a dependency written <c>"b?"</c> continues when b fails.</summary>
    public static WorkflowDefinition Define(params string[] nodes) => new()
    {
        Name = "test",
        Nodes = [.. nodes.Select(Node)],
    };

    private static WorkflowNode Node(string text)
    {
        var parts = text.Split(':');
        var dependencies = parts.Length > 1 && parts[1].Length > 0 ? parts[1].Split(',') : [];
        return new WorkflowNode
        {
            Key = parts[0],
            Task = new TaskSubmission { Type = "echo" },
            DependsOn = [.. dependencies.Select(d => d.EndsWith('?')
                ? new WorkflowDependency { Key = d[..^1], OnFailure = DependencyFailure.Continue }
                : new WorkflowDependency { Key = d })],
        };
    }
}
