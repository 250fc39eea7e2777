using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Handlers;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// The README's "Hosting silos in your own application" sample, kept true: the same calls and the
/// same handler, run against a real redis-server. Change the README when this changes.
/// </summary>
public sealed class ReadmeHostingSampleTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task the_readme_hosting_sample_runs_a_resize_task_on_redis()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddScheduler(o =>
            {
                o.Queues = ["default", "images"];
                o.Capacity = 20;
            })
            .UseRedis(redis.Server.ConnectionString, o => o.KeyPrefix = RedisServer.NewKeyPrefix())
            .AddHandler<ResizeImage>("resize")
            .AddBuiltInHandlers();
        using var host = builder.Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ITaskStore>();

        var id = (await store.SubmitAsync([new TaskSubmission { Type = "resize", Queue = "images", Payload = "{\"url\":\"a.png\",\"width\":64}" }]))[0];
        var task = await Eventually.Until(() => store.GetAsync(id), t => t!.Status.IsTerminal(), "the resize task to finish");

        Assert.Equal(TaskState.Succeeded, task!.Status);
        Assert.Equal("{\"resized\":\"a.png\",\"width\":64}", task.Result);
        Assert.Equal(50, task.Progress);
        await host.StopAsync();
    }

    public sealed record ResizeRequest(string Url, int Width);

    public sealed class ResizeImage : TaskHandler<ResizeRequest>
    {
        protected override async Task<object?> HandleAsync(ResizeRequest request, TaskContext context)
        {
            await context.ReportProgressAsync(50, "downloaded");
            return new { resized = request.Url, request.Width };
        }
    }
}
