using System.Text.Json;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Fan-out / fan-in on a cluster (DESIGN.md §8, §10): children run on every silo, and the join step's outcome
/// is recorded once per parent, after all children are terminal, even when a silo dies during the fan-out or
/// during the join (the join then reruns as a new attempt elsewhere). Handlers run at least once; what is
/// exactly once is the recorded outcome.
/// </summary>
public abstract class FanOutTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    private async Task<TaskRecord> WaitForTerminalAsync(string id) =>
        await Eventually.Until(() => GetAsync(id), t => t.Status.IsTerminal(), $"task {id} to finish", Patience);

    private async Task<IReadOnlyList<TaskRecord>> ChildrenOf(TaskRecord parent) =>
        await GetAllAsync(Enumerable.Range(0, parent.ChildCount).Select(i => $"{parent.Id}.{i}"));

    [Fact]
    public async Task the_map_reduce_example_runs_its_children_across_the_silos_and_reduces_them_once()
    {
        await DeployAsync(3, o => o.Capacity = 8);
        string id = await SubmitAsync(new TaskSubmission { Type = "sum-of-squares", Payload = "{\"n\":200000,\"chunk\":1000}" });

        var parent = await WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, parent.Status);
        var outcome = JsonSerializer.Deserialize<SumOfSquaresHandler.Outcome>(parent.Result!, JsonSerializerOptions.Web)!;
        Assert.True(outcome.Correct, $"{outcome.Sum} != {outcome.Expected}");
        Assert.Equal(200, outcome.Children);
        var children = await ChildrenOf(parent);
        Assert.All(children, c => Assert.Equal(TaskState.Succeeded, c.Status));
        Assert.True(children.Select(c => c.Silo).Distinct().Count() > 1, "the children all ran on one silo");
        Assert.Single((await Storage.Tasks.GetAttemptsAsync(id))!, a => a.Outcome == TaskAttemptOutcomes.Succeeded);
    }

    [Fact]
    public async Task killing_a_silo_during_the_fan_out_still_counts_each_child_once_and_records_the_join_once()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 4);
        string id = await SubmitAsync(new TaskSubmission { Type = "fan", Payload = "{\"children\":12,\"childType\":\"gated\"}" });
        await WaitForStartsAsync(12);
        var victim = cluster.Silos.First(s => Ledger.TasksStartedOn(SchedulerCluster.IdOf(s)).Count > 0);
        int victimChildren = Ledger.TasksStartedOn(SchedulerCluster.IdOf(victim)).Count;

        await cluster.KillSiloAsync(victim);
        await WaitForFailoverAsync(victim);
        Ledger.OpenGate();
        var parent = await WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, parent.Status);
        Assert.Equal(12, parent.ChildrenFinished);
        Assert.Equal(0, parent.ChildrenFailed);
        var joined = JsonSerializer.Deserialize<FanOutHandler.Joined>(parent.Result!, JsonSerializerOptions.Web)!;
        Assert.Equal(12, joined.Succeeded);
        Assert.Equal(victimChildren, (await ChildrenOf(parent)).Count(c => c.Failovers == 1));
        Assert.Single((await Storage.Tasks.GetAttemptsAsync(id))!, a => a.Outcome == TaskAttemptOutcomes.Succeeded);
    }

    [Fact]
    public async Task killing_the_silo_that_runs_the_join_reruns_the_join_elsewhere_and_records_it_once()
    {
        var cluster = await DeployAsync(3);
        string id = await SubmitAsync(new TaskSubmission { Type = "fan", Payload = "{\"children\":3,\"gatedJoin\":true}" });
        var joinStart = await Eventually.Until(() => Task.FromResult(Ledger.StartsOf(id)), starts => starts.Count == 1, "the join step to start", Patience);
        var victim = cluster.FindSilo(joinStart[0].SiloId);

        await cluster.KillSiloAsync(victim);
        await WaitForFailoverAsync(victim);
        await Eventually.Until(() => Task.FromResult(Ledger.StartsOf(id)), starts => starts.Count == 2, "the join step to run again elsewhere", Patience);
        Ledger.OpenGate();
        var parent = await WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, parent.Status);
        var joined = JsonSerializer.Deserialize<FanOutHandler.Joined>(parent.Result!, JsonSerializerOptions.Web)!;
        Assert.NotEqual(joinStart[0].SiloId, joined.Silo);
        Assert.Equal(3, joined.Succeeded);
        Assert.Equal(1, parent.Failovers);
        var attempts = (await Storage.Tasks.GetAttemptsAsync(id))!;
        Assert.Equal([TaskAttemptOutcomes.Waiting, TaskAttemptOutcomes.FailedOver, TaskAttemptOutcomes.Succeeded], attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task a_child_failing_under_fail_fast_fires_the_tokens_of_its_running_siblings_on_every_silo()
    {
        // The silos' own check of their attempts is put out of reach, so only the cascade's message can fire the tokens.
        await DeployAsync(3, o => o.AttemptCheckInterval = TimeSpan.FromHours(1));
        var family = await Client.GetGrain<OrleansScheduler.Grains.ISubmitterGrain>(0).SubmitFamilyAsync(
            new TaskSubmission { Type = "echo" },
            [
                new TaskSubmission { Type = "gated" }, new TaskSubmission { Type = "gated" }, new TaskSubmission { Type = "gated" },
                new TaskSubmission { Type = "fail", Payload = "{\"times\":9}", MaxAttempts = 1, RunAt = DateTimeOffset.UtcNow.AddSeconds(1) },
            ],
            ChildFailurePolicy.FailFast);
        await WaitForStartsAsync(3);

        var parent = await WaitForTerminalAsync(family.Id);
        var canceled = await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Count == 3, "the three running siblings' tokens to fire", Patience);

        Assert.Equal(TaskState.Failed, parent.Status);
        Assert.StartsWith($"Child '{family.Id}.3' ended Failed", parent.Error);
        Assert.Equal(family.Children.Take(3).Order(), canceled.Select(c => c.TaskId).Order());
        Assert.All(await GetAllAsync(family.Children.Take(3)), c => Assert.Equal(TaskState.Canceled, c.Status));
    }

    [Fact]
    public async Task a_parent_submitted_with_children_in_other_queues_joins_when_the_last_of_them_finishes()
    {
        await DeployAsync(2, o => o.Queues = ["default", "images"]);
        var family = await Client.GetGrain<OrleansScheduler.Grains.ISubmitterGrain>(0).SubmitFamilyAsync(
            new TaskSubmission { Type = "echo", Payload = "\"joined\"" },
            [new TaskSubmission { Type = "quick", Queue = "images" }, new TaskSubmission { Type = "quick" }],
            ChildFailurePolicy.Collect);

        var parent = await WaitForTerminalAsync(family.Id);

        Assert.Equal(TaskState.Succeeded, parent.Status);
        Assert.Equal("\"joined\"", parent.Result);
        var children = await ChildrenOf(parent);
        Assert.All(children, c => Assert.True(c.FinishedAt <= parent.StartedAt, $"child {c.Id} finished at {c.FinishedAt}, after the join started at {parent.StartedAt}"));
    }
}
