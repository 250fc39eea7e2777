using Microsoft.Extensions.Hosting;
using OrleansScheduler.Handlers;

var builder = Host.CreateApplicationBuilder(args);
string redis = builder.Configuration["Redis"] ?? "127.0.0.1:6379";
builder.UseOrleans(silo => silo
    .UseRedisClustering(redis)                // silos find each other in Orleans' membership table on Redis
    .AddTaskScheduler(o =>
    {
        o.Queues = ["default", "images"];
        o.Capacity = 20;
    })
    .UseRedisTaskStore(redis)                 // the tasks; without it they stay in this process's memory
    .AddHandler<ResizeImage>("resize")
    .AddHandler<Thumbnail>("thumbnail")
    .AddHandler<ResizeAlbum>("resize-album")  // spawns one resize child per image, then joins them
    .AddHandler<Publish>("publish")           // a workflow node that reads what "resize" returned
    .AddHandler<MarkInvoicePaid>("mark-paid") // calls the application's own grains
    .AddTaskTargetGrain<ShipOrderGrain>("ship-order") // tasks that target it run inside the grain
    .AddBuiltInHandlers());                   // echo, sleep, fail, cpu
await builder.Build().RunAsync();

public sealed record ResizeRequest(string Url, int Width);

public sealed class ResizeImage : TaskHandler<ResizeRequest>
{
    protected override async Task<object?> HandleAsync(ResizeRequest request, TaskContext context)
    {
        // context.TaskId and context.Attempt make side effects idempotent;
        // context.CancellationToken fires on timeout, cancel and shutdown.
        await context.ReportProgressAsync(50, "downloaded");
        return new { resized = request.Url, request.Width };   // stored as the task's JSON result
    }
}
