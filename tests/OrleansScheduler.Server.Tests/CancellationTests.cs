using System.Diagnostics;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>Canceling a running task reaches the silo that runs it, wherever the cancel came from: a one-way message to its worker grain.</summary>
public abstract class CancellationTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task canceling_a_task_running_on_another_silo_fires_its_handlers_token_within_a_second()
    {
        // The silos' own check for stale attempts is slowed to a minute: only the message can be this quick.
        var cluster = await DeployAsync(3, o => o.AttemptCheckInterval = TimeSpan.FromMinutes(1));
        var ids = await SubmitAsync("gated", 3);
        var starts = await WaitForStartsAsync(3);
        var target = starts.First(r => r.TaskId == ids[1]);
        // Asked through a grain on a silo other than the one running the task.
        var other = cluster.ActiveSilos.First(s => SchedulerCluster.IdOf(s) != target.SiloId);
        var grains = SchedulerCluster.Service<IGrainFactory>(other);

        var watch = Stopwatch.StartNew();
        var canceled = await grains.GetGrain<ITaskGrain>(ids[1]).CancelAsync();
        var fired = await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == ids[1]),
            "the canceled task's handler to see its token fire", Patience);
        var took = watch.Elapsed;

        _output.WriteLine($"token fired {took.TotalMilliseconds:0} ms after the cancel was sent");
        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.True(took < TimeSpan.FromSeconds(1), $"the handler's token fired {took.TotalMilliseconds:0} ms after the cancel");
        Assert.Equal(target.SiloId, fired.Single(r => r.TaskId == ids[1]).SiloId);
        Ledger.OpenGate();
        var finished = await WaitUntilFinishedAsync([ids[0], ids[2]]);
        Assert.All(finished, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.Equal(TaskState.Canceled, (await GetAsync(ids[1])).Status);
        Assert.DoesNotContain(Ledger.Cancellations, r => r.TaskId != ids[1]);
    }

    [Fact]
    public async Task a_cancel_whose_message_is_lost_still_fires_the_handlers_token_at_the_silos_next_check()
    {
        await DeployAsync(2);
        string id = await SubmitAsync(new TaskSubmission { Type = "gated" });
        await WaitForStartsAsync(1);

        // Straight in the store, as if the message to the worker grain were lost.
        await Storage.Tasks.CancelAsync(id);

        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == id),
            "the handler to see its token fire at the silo's periodic check", Patience);
    }

    [Fact]
    public async Task waiting_for_a_tasks_outcome_does_not_hold_up_its_cancel()
    {
        await DeployAsync(2);
        string id = await SubmitAsync(new TaskSubmission { Type = "gated" });
        await WaitForStartsAsync(1);
        var task = Client.GetGrain<ITaskGrain>(id);

        var waiting = task.WaitForOutcomeAsync(TimeSpan.FromSeconds(15));
        var canceled = await task.CancelAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var outcome = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.Equal(TaskState.Canceled, outcome!.Status);
    }
}
