using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Docs.Tests;

/// <summary>
/// samples/HostingSample, the application README.md and docs/hosting.md quote, run as its own process on
/// a real redis-server, and used the way another application would: an Orleans client of its cluster
/// submits through the scheduler's grains and waits on them.
/// </summary>
public sealed class HostingSampleTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly string _clusterId = "sample-" + Guid.NewGuid().ToString("N")[..8];
    private AppProcess _sample = null!;
    private IHost _client = null!;

    public async Task InitializeAsync()
    {
        int[] ports = FreePort.Take(2);
        _sample = AppProcess.Start("samples/HostingSample",
            ["--Redis", $"127.0.0.1:{redis.Port}", $"--Orleans:ClusterId={_clusterId}", "--Orleans:ServiceId=docs",
             $"--Orleans:Endpoints:SiloPort={ports[0]}", $"--Orleans:Endpoints:GatewayPort={ports[1]}", "--Orleans:Endpoints:AdvertisedIPAddress=127.0.0.1"]);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseRedisClustering($"127.0.0.1:{redis.Port}")
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, "docs")));
        _client = builder.Build();
        // The client waits until the sample's gateway is listed in the membership, for up to a minute.
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _client.StartAsync(connected.Token);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"No connection to the sample's silo ({e.Message}); it wrote:\n{_sample.Output}", e);
        }
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _sample.DisposeAsync();
    }

    private IGrainFactory Grains => _client.Services.GetRequiredService<IClusterClient>();

    [Fact]
    public async Task the_resize_handler_reports_progress_and_stores_its_result()
    {
        var task = await RunAsync(new TaskSubmission { Type = "resize", Queue = "images", Payload = """{"url":"a.png","width":64}""" });

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal("""{"resized":"a.png","width":64}""", task.Result?.GetRawText());
        Assert.Equal(50, task.Progress);
    }

    [Fact]
    public async Task the_payment_handler_reaches_the_applications_grain_which_keeps_the_first_payer()
    {
        var first = await RunAsync(new TaskSubmission { Type = "mark-paid", Payload = """{"invoice":"inv-42"}""" });
        var second = await RunAsync(new TaskSubmission { Type = "mark-paid", Payload = """{"invoice":"inv-42"}""" });

        Assert.Equal(TaskState.Succeeded, first.Status);
        Assert.Equal($$"""{"invoice":"inv-42","paidBy":"{{first.Id}}"}""", first.Result?.GetRawText());
        Assert.Equal($$"""{"invoice":"inv-42","paidBy":"{{first.Id}}"}""", second.Result?.GetRawText());
    }

    [Fact]
    public async Task a_task_targeting_the_order_grain_runs_in_it_and_a_second_task_for_the_order_changes_nothing()
    {
        var target = new TaskTarget { Grain = "ship-order", Key = "order-17" };
        var first = await RunAsync(new TaskSubmission { Type = "ship-order", Payload = """{"parcels":2}""", Target = target });
        var second = await RunAsync(new TaskSubmission { Type = "ship-order", Payload = """{"parcels":2}""", Target = target });

        Assert.Equal(TaskState.Succeeded, first.Status);
        Assert.Equal(100, first.Progress);
        Assert.Equal($$"""{"order":"order-17","shippedBy":"{{first.Id}}"}""", first.Result?.GetRawText());
        Assert.Equal($$"""{"order":"order-17","shippedBy":"{{first.Id}}"}""", second.Result?.GetRawText());
    }

    [Fact]
    public async Task the_album_handler_resizes_each_image_in_a_child_and_its_join_counts_them()
    {
        var album = await RunAsync(new TaskSubmission { Type = "resize-album", Payload = """{"name":"holiday","urls":["a.png","b.png","c.png"],"width":64}""" });

        Assert.Equal(TaskState.Succeeded, album.Status);
        Assert.Equal("""{"album":"holiday","resized":3,"failed":[]}""", album.Result?.GetRawText());
        Assert.Equal(3, album.ChildrenFinished);
        var children = await Grains.GetGrain<ITaskGrain>(album.Id).GetChildrenAsync(0, 10);
        Assert.Equal(["images", "images", "images"], children!.Children.Select(c => c.Queue));
        Assert.Equal("""{"resized":"b.png","width":64}""", children.Children[1].Result?.GetRawText());
    }

    [Fact]
    public async Task the_publish_node_runs_after_resize_and_reads_its_result_by_key()
    {
        string id = "sample-" + Guid.NewGuid().ToString("N")[..8];
        var grain = Grains.GetGrain<IWorkflowGrain>(id);
        await grain.CreateAsync(new Workflows.WorkflowDefinition
        {
            Name = "publish",
            Nodes =
            [
                new Workflows.WorkflowNode { Key = "resize", Task = new TaskSubmission { Type = "resize", Queue = "images", Payload = """{"url":"p.png","width":32}""" } },
                new Workflows.WorkflowNode { Key = "publish", Task = new TaskSubmission { Type = "publish" }, DependsOn = [new Workflows.WorkflowDependency { Key = "resize" }] },
            ],
        });

        var done = await Eventually.Until(() => grain.GetAsync(), w => w!.Status is not Workflows.WorkflowStatus.Running, $"workflow {id} to finish", TimeSpan.FromSeconds(30));

        Assert.True(done!.Status == Workflows.WorkflowStatus.Succeeded, $"{done.Status}: {string.Join("; ", done.Nodes.Select(n => $"{n.Key} {n.Status} {n.Error}"))}\n{_sample.Output}");
        Assert.Equal($$"""{"published":"p.png","workflow":"{{id}}"}""", done.Nodes.Single(n => n.Key == "publish").Result?.GetRawText());
    }

    private async Task<TaskInfo> RunAsync(TaskSubmission submission)
    {
        var submitted = await Grains.GetGrain<ISubmitterGrain>(0).SubmitAsync(submission);
        var task = await Grains.GetGrain<ITaskGrain>(submitted.Id).WaitForOutcomeAsync(TimeSpan.FromSeconds(15));
        Assert.True(task is not null && task.Status.IsTerminal(), $"task {submitted.Id} ({submission.Type}) is {task?.Status} after 15 s; the sample wrote:\n{_sample.Output}");
        return task!;
    }
}
