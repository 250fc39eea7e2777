using OrleansScheduler.Hosting;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>The README's testing-host example, word for word, so the sample stays true. Change the README when this changes.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public async Task a_killed_silos_task_runs_again_elsewhere()
    {
        await using var cluster = new TestClusterBuilder(3).UseInMemory()   // or .UseRedis(connection, keyPrefix)
            .ConfigureHandlers(b => b.AddBuiltInHandlers()).Build();
        await cluster.DeployAsync();
        string id = await cluster.Client.SubmitAsync(new TaskSubmission { Type = "sleep", Payload = """{"ms":3000}""" });
        var running = await Eventually.Until(() => cluster.Client.GetAsync(id), t => t?.Status == TaskState.Running, "the task to run");

        await cluster.KillSiloAsync(cluster.FindSilo(running!.Silo!)!);   // a crash: no drain, no goodbye
        await cluster.WaitForLivenessToStabilizeAsync();                  // polls the membership table

        var done = await Eventually.Until(() => cluster.Client.GetAsync(id), t => t!.Status.IsTerminal(), "the task to finish");
        Assert.Equal(TaskState.Succeeded, done!.Status);
        Assert.Equal(1, done.Failovers);
    }
}
