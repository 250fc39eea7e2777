using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Docs.Tests;

/// <summary>docs/hosting.md's sample of testing a handler on Orleans' test cluster: the Thumbnail handler's kept log lines.</summary>
public sealed class ThumbnailOnATestClusterTests
{
    [Fact]
    public async Task a_failed_download_keeps_the_handlers_two_log_lines()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .AddTaskScheduler()                        // tasks in memory: the default
            .AddHandler<Thumbnail>("thumbnail"));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        // Nothing listens on port 9 here, so the download fails; one attempt, so the task ends Failed.
        var submitted = await cluster.Client.GetGrain<ISubmitterGrain>(0).SubmitAsync(new TaskSubmission
        {
            Type = "thumbnail",
            Payload = """{"url":"http://127.0.0.1:9/cat.png","width":200}""",
            MaxAttempts = 1,
        });
        var task = cluster.Client.GetGrain<ITaskGrain>(submitted.Id);
        TaskInfo? outcome = await task.WaitForOutcomeAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(TaskState.Failed, outcome?.Status);

        // The lines reach the store in a batch a moment after the outcome.
        TaskLogs? logs = null;
        for (int i = 0; i < 100 && logs?.Lines.Count != 2; i++)
        {
            logs = await task.GetLogsAsync();
            if (logs?.Lines.Count != 2) await Task.Delay(50); // polling, not a wait for something to happen
        }
        Assert.Collection(logs!.Lines,
            line => Assert.Equal(("Information", "Resizing http://127.0.0.1:9/cat.png to 200 px"), (line.Level, line.Message)),
            line => Assert.Equal(("Warning", "Download failed; the attempt is retried while attempts remain [HttpRequestException: Connection refused (127.0.0.1:9)]"),
                                 (line.Level, line.Message)));
    }
}
