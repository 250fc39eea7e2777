using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Families;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests.Routing;

public sealed class GroupJoinHandlerTests
{
    [Fact]
    public async Task when_every_child_succeeded_the_join_returns_their_results_in_order()
    {
        var children = new[] { Child(0, TaskState.Succeeded, "\"a\""), Child(1, TaskState.Succeeded, "{\"n\":2}"), Child(2, TaskState.Succeeded, null) };

        var outcome = await new GroupJoinHandler().HandleAsync(JoinOf(children));

        Assert.Equal("{\"children\":3,\"succeeded\":3,\"failed\":0,\"results\":[\"a\",{\"n\":2},null]}", JsonSerializer.Serialize(outcome, outcome!.GetType(), JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task when_children_did_not_succeed_the_join_fails_for_good_naming_how_many_and_which()
    {
        var children = new[]
        {
            Child(0, TaskState.Succeeded, "1"),
            Child(1, TaskState.Failed, null, "boom"),
            Child(2, TaskState.Succeeded, "3"),
            Child(3, TaskState.Canceled, null, null),
        };

        var failed = await Assert.ThrowsAsync<NonRetryableTaskException>(() => new GroupJoinHandler().HandleAsync(JoinOf(children)));

        Assert.Equal("2 of 4 children did not succeed: 'job.1' ended Failed: boom; 'job.3' ended Canceled.", failed.Message);
    }

    [Fact]
    public async Task the_error_names_the_first_ten_unsuccessful_children_and_counts_the_rest()
    {
        var children = Enumerable.Range(0, 25).Select(i => Child(i, TaskState.Failed, null, "no")).ToArray();

        var failed = await Assert.ThrowsAsync<NonRetryableTaskException>(() => new GroupJoinHandler().HandleAsync(JoinOf(children)));

        Assert.StartsWith("25 of 25 children did not succeed: 'job.0' ended Failed: no;", failed.Message);
        Assert.Contains("'job.9' ended Failed: no; and 15 more.", failed.Message);
        Assert.DoesNotContain("'job.10'", failed.Message);
    }

    [Fact]
    public async Task a_group_task_submitted_on_its_own_fails_for_good()
    {
        await Assert.ThrowsAsync<NonRetryableTaskException>(() => new GroupJoinHandler().HandleAsync(JoinOf([], isJoin: false)));
    }

    [Fact]
    public async Task a_fanned_out_family_run_by_an_engine_joins_its_childrens_results()
    {
        await using var silo = WorkerHarness.Start(handlers: h => h.AddHandler<GroupJoinHandler>(GroupJoinHandler.Type));
        var task = new TaskSubmission { Type = "echo", Id = "warm", Payload = "\"hello\"", Routing = new TaskRouting { Strategy = RoutingStrategy.Sharding, Shards = 3 } };
        var family = FanOut.Expand(task, RoutingSnapshot.Empty, 0);
        // The engine here has no routed lanes to claim from: run the copies as shared tasks.
        family = family with { Children = [.. family.Children.Select(c => c with { Routing = null, RoutedTo = null })] };

        await silo.Store.SubmitFamilyAsync(family);
        var joined = await silo.WaitForTerminalAsync("warm");

        Assert.Equal(TaskState.Succeeded, joined.Status);
        Assert.Equal("{\"children\":3,\"succeeded\":3,\"failed\":0,\"results\":[\"hello\",\"hello\",\"hello\"]}", joined.Result);
    }

    private static ChildTask Child(int index, TaskState status, string? result, string? error = null) =>
        new(index, $"job.{index}", "default", "echo", status, result, error);

    /// <summary>The join step of task "job" whose store holds <paramref name="children"/>, read back a page of 500 at a time.</summary>
    private static TaskContext JoinOf(IReadOnlyList<ChildTask> children, bool isJoin = true)
    {
        var task = new ClaimedTask("job", "default", GroupJoinHandler.Type, "null", 1, 3, 1, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddMinutes(1))
        {
            IsJoin = isJoin,
            ChildCount = children.Count,
        };
        var store = new ChildrenStore(children);
        var family = new AttemptFamily(task, store, NoWorkNotifier.Instance, maxDepth: 5, CancellationToken.None);
        return new TaskContext(task, "silo-1", CancellationToken.None, NullLogger.Instance, (_, _) => Task.CompletedTask, family: family);
    }

    private sealed class ChildrenStore(IReadOnlyList<ChildTask> children) : DelegatingTaskStore(new InMemoryTaskStore())
    {
        public override Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<ChildPage?>(new ChildPage([.. children.Skip(start).Take(max)], children.Count));
    }
}
