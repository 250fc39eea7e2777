using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.TestingHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>Canceling a running task reaches the silo that runs it, wherever the cancel came from.</summary>
public abstract class CancellationTests(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : ClusterTestBase(useStore, output)
{
    [Fact]
    public async Task canceling_a_running_task_from_the_client_fires_the_token_of_the_handler_on_its_silo()
    {
        await DeployAsync(3);
        var ids = await SubmitAsync("gated", 3);
        await WaitForStartsAsync(3);

        var canceled = await Client.CancelAsync(ids[1]);

        Assert.Equal(TaskState.Canceled, canceled.Status);
        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == ids[1]),
            "the canceled task's handler to see its token fire", Patience);
        Ledger.OpenGate();
        var finished = await WaitUntilFinishedAsync([ids[0], ids[2]]);
        Assert.All(finished, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.Equal(TaskState.Canceled, (await GetAsync(ids[1])).Status);
        Assert.DoesNotContain(Ledger.Cancellations, r => r.TaskId != ids[1]);
    }
}
