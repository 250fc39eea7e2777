using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>A large random DAG across queues on three silos: no node starts before its dependencies finished.</summary>
public abstract class WorkflowScaleTests(Func<ClusterStorage> storage, ITestOutputHelper output) : WorkflowTestBase(storage, output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task a_thousand_node_random_dag_on_three_silos_starts_every_node_after_every_dependency_finished()
    {
        await DeployWorkflowsAsync(3);
        var random = new Random(20260101);
        var nodes = new WorkflowNode[1000];
        for (int i = 0; i < nodes.Length; i++)
        {
            // Up to three dependencies among the 50 nodes before, so the DAG is deep as well as wide.
            string[] dependsOn = i == 0 ? [] : [.. Enumerable.Range(0, random.Next(i < 10 ? 1 : 0, 4)).Select(_ => $"n{random.Next(Math.Max(0, i - 50), i)}").Distinct()];
            nodes[i] = Node($"n{i}", queue: i % 2 == 0 ? TaskLimits.DefaultQueue : "other", dependsOn: dependsOn);
        }
        var workflow = await CreateAsync(nodes);

        var finished = await WaitForNodesAsync(workflow, TimeSpan.FromMinutes(2));

        Assert.All(finished.Values, t => Assert.Equal(TaskState.Succeeded, t.Status));
        var gaps = new List<double>();
        foreach (var node in workflow.Nodes.Where(n => n.DependsOn.Count > 0))
        {
            var started = await StartOfAsync(finished[node.Key]);
            var lastDependency = node.DependsOn.Max(d => finished[d].FinishedAt!.Value);
            if (node.DependsOn.FirstOrDefault(d => started < finished[d].FinishedAt) is { } early)
                Assert.Fail($"{node.Key} started {started:O} before {early} finished {finished[early].FinishedAt:O}; {node.Key}: {await HistoryAsync(finished[node.Key].Id)}; {early}: {await HistoryAsync(finished[early].Id)}");
            gaps.Add((started - lastDependency).TotalMilliseconds);
        }
        gaps.Sort();
        _output.WriteLine($"dependency end → dependent start over {gaps.Count} nodes: median {gaps[gaps.Count / 2]:0.0} ms, p90 {gaps[gaps.Count * 9 / 10]:0.0} ms, max {gaps[^1]:0.0} ms");
        await WaitForStatusAsync(workflow.Id, WorkflowStatus.Succeeded);
    }

    /// <summary>A node's events and attempts, for a failure message that shows how it came to run.</summary>
    private async Task<string> HistoryAsync(string id)
    {
        var events = await Storage.Tasks.GetTaskEventsAsync(id) ?? [];
        var attempts = await Storage.Tasks.GetAttemptsAsync(id) ?? [];
        return string.Join(", ", events.Select(e => $"{e.Type} {e.From}->{e.To} at {e.Time:HH:mm:ss.fff}"))
               + " | attempts: " + string.Join(", ", attempts.Select(a => $"{a.StartedAt:HH:mm:ss.fff}-{a.FinishedAt:HH:mm:ss.fff} {a.Outcome} on {a.Silo}"));
    }
}
