using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;
using static OrleansScheduler.Core.Tests.WorkflowTestGraphs;

namespace OrleansScheduler.Core.Tests;

public sealed class WorkflowValidatorTests
{
    private static IReadOnlyList<ValidationError> Validate(WorkflowDefinition workflow) => WorkflowValidator.Validate(workflow, Now, TaskLimits.DefaultMaxPayloadBytes);

    [Fact]
    public void a_diamond_is_valid()
    {
        Assert.Empty(Validate(Define("fetch", "resize:fetch", "thumb:fetch", "publish:resize,thumb")));
    }

    [Fact]
    public void a_duplicate_key_is_named_with_the_task_that_has_it_first()
    {
        var error = Assert.Single(Validate(Define("fetch", "resize:fetch", "fetch")));

        Assert.Equal("tasks[2].key", error.Field);
        Assert.Contains("'fetch'", error.Message);
        Assert.Contains("tasks[0]", error.Message);
    }

    [Fact]
    public void a_dependency_on_a_missing_key_is_named()
    {
        var error = Assert.Single(Validate(Define("fetch", "resize:fetch,download")));

        Assert.Equal("tasks[1].dependsOn[1]", error.Field);
        Assert.Contains("'download'", error.Message);
    }

    [Fact]
    public void a_cycle_is_named_by_its_keys()
    {
        var error = Assert.Single(Validate(Define("start", "a:start,c", "b:a", "c:b")));

        Assert.Equal("tasks", error.Field);
        Assert.Contains("a → c → b → a", error.Message);
    }

    [Fact]
    public void a_task_that_depends_on_itself_is_a_cycle_of_one()
    {
        var error = Assert.Single(Validate(Define("a:a")));

        Assert.Contains("a → a", error.Message);
    }

    [Fact]
    public void a_repeated_dependency_is_named()
    {
        var error = Assert.Single(Validate(Define("a", "b:a,a")));

        Assert.Equal("tasks[1].dependsOn[1]", error.Field);
    }

    [Theory]
    [InlineData("has.dot")]
    [InlineData("-leading")]
    [InlineData("")]
    [InlineData("a123456789012345678901234567890123456789")]
    public void a_key_outside_the_pattern_is_refused(string key)
    {
        var error = Assert.Single(Validate(Define(key)));

        Assert.Equal("tasks[0].key", error.Field);
    }

    [Fact]
    public void each_node_is_checked_like_a_submission_under_its_position()
    {
        var workflow = Define("a", "b:a");
        workflow = workflow with { Nodes = [workflow.Nodes[0], workflow.Nodes[1] with { Task = new TaskSubmission { Type = "echo", Priority = 5000, Id = "mine" } }] };

        var fields = Validate(workflow).Select(e => e.Field).ToList();

        Assert.Equal(["tasks[1].priority", "tasks[1].id"], fields);
    }

    [Fact]
    public void the_size_bound_and_a_name_are_required()
    {
        var empty = new WorkflowDefinition { Name = "", Nodes = [] };
        var huge = Define([.. Enumerable.Range(0, WorkflowLimits.MaxNodes + 1).Select(i => $"n{i}")]);

        Assert.Equal(["name", "tasks"], Validate(empty).Select(e => e.Field));
        Assert.Equal("tasks", Assert.Single(Validate(huge)).Field);
        Assert.Empty(Validate(Define([.. Enumerable.Range(0, WorkflowLimits.MaxNodes).Select(i => i == 0 ? "n0" : $"n{i}:n{i - 1}")])));
    }

    [Fact]
    public void a_node_task_id_with_a_ulid_workflow_id_and_the_longest_key_is_a_valid_task_id()
    {
        string id = WorkflowLimits.NodeId(TaskId.New(Now), new string('k', 37));

        Assert.True(TaskLimits.IsValidId(id), id);
        Assert.True(WorkflowLimits.IsValidKey(new string('k', 37)));
    }
}
