using System.Text.Json;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

/// <summary>Fan-out / fan-in as a handler writes it: spawn, wait, join with the children's results (DESIGN.md §8), on one silo's engine.</summary>
public sealed class FanOutHandlerTests
{
    [Fact]
    public async Task the_map_reduce_example_adds_its_childrens_sums_and_agrees_with_the_closed_form()
    {
        await using var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "sum-of-squares", Payload = "{\"n\":100000,\"chunk\":1000}" }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, task.Status);
        var outcome = JsonSerializer.Deserialize<SumOfSquaresHandler.Outcome>(task.Result!, JsonSerializerOptions.Web)!;
        Assert.Equal(100, outcome.Children);
        Assert.Equal("333338333350000", outcome.Sum);
        Assert.True(outcome.Correct);
        Assert.Equal(100, task.ChildCount);
        Assert.Equal(100, task.ChildrenFinished);
        Assert.Equal(1, task.Attempt);
        Assert.Equal([TaskAttemptOutcomes.Waiting, TaskAttemptOutcomes.Succeeded], (await silo.Store.GetAttemptsAsync(id))!.Select(a => a.Outcome));
    }

    [Fact]
    public async Task the_join_step_gets_its_join_state_back_and_sees_children_in_spawn_order()
    {
        await using var silo = WorkerHarness.Start(handlers: h => h.AddHandler<Splitter>("split"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "split", Payload = "{\"words\":[\"c\",\"a\",\"b\"]}" }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal("{\"label\":\"joined\",\"words\":[\"c\",\"a\",\"b\"]}", task.Result);
    }

    [Fact]
    public async Task a_child_that_fails_under_fail_fast_fails_its_parent()
    {
        await using var silo = WorkerHarness.Start(handlers: h => h.AddHandler<Splitter>("split"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "split", Payload = "{\"words\":[\"ok\",\"fail\"],\"failFast\":true}" }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.StartsWith($"Child '{id}.1' ended Failed", task.Error);
    }

    [Fact]
    public async Task children_may_spawn_children_down_to_the_depth_limit_and_no_further()
    {
        await using var silo = WorkerHarness.Start(o => o.MaxFamilyDepth = 2, h => h.AddHandler<Nester>("nest"));
        var fits = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "nest", Payload = "{\"levels\":2}" }]))[0];
        var tooDeep = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "nest", Payload = "{\"levels\":3}" }]))[0];

        var nested = await silo.WaitForTerminalAsync(fits);
        var refused = await silo.WaitForTerminalAsync(tooDeep);

        Assert.Equal(TaskState.Succeeded, nested.Status);
        Assert.Equal("2", nested.Result);
        Assert.Equal(2, (await silo.Store.GetAsync($"{fits}.0.0"))!.Depth);
        Assert.Equal(TaskState.Failed, refused.Status);
        Assert.Contains("depth limit of 2", (await silo.Store.GetAsync($"{tooDeep}.0.0"))!.Error);
    }

    /// <summary><c>split</c>: one <c>echo</c> child per word (a <c>fail</c> child for "fail"), joined back in order.</summary>
    private sealed class Splitter : TaskHandler<Splitter.Payload>
    {
        public sealed record Payload(string[] Words, bool FailFast = false);

        protected override async Task<object?> HandleAsync(Payload payload, TaskContext context)
        {
            if (!context.IsJoin)
            {
                var children = payload.Words.Select(w => w == "fail"
                    ? new TaskSubmission { Type = "fail", Payload = "{\"times\":9}", MaxAttempts = 1 }
                    : new TaskSubmission { Type = "echo", Payload = JsonSerializer.Serialize(w) });
                await context.SpawnChildrenAsync(children, payload.FailFast ? ChildFailurePolicy.FailFast : ChildFailurePolicy.Collect);
                return context.WaitForChildren(new { label = "joined" });
            }
            var words = new List<string>();
            await foreach (var child in context.Children) words.Add(child.GetResult<string>()!);
            return new { label = context.GetJoinState<JsonElement>().GetProperty("label").GetString(), words };
        }
    }

    /// <summary><c>nest</c>: spawns one <c>nest</c> child with one level fewer until levels is 0; the join returns how many levels sit below it.</summary>
    private sealed class Nester : TaskHandler<Nester.Payload>
    {
        public sealed record Payload(int Levels);

        protected override async Task<object?> HandleAsync(Payload payload, TaskContext context)
        {
            if (payload.Levels == 0) return 0;
            if (context.IsJoin)
            {
                await foreach (var child in context.Children)
                {
                    if (child.Status != TaskState.Succeeded) throw new NonRetryableTaskException($"Child '{child.Id}' ended {child.Status}: {child.Error}");
                    return child.GetResult<int>() + 1;
                }
            }
            await context.SpawnChildrenAsync([new TaskSubmission { Type = "nest", Payload = $"{{\"levels\":{payload.Levels - 1}}}" }]);
            return context.WaitForChildren();
        }
    }
}
