using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// Tasks for an application grain through the gateway and the .NET client, on both stores: the silo executable
/// registers the demo's order grain as <c>orders</c>, and a worker silo of the class serves the test's queue.
/// </summary>
public abstract class GrainTargetApiTests(SiloFixture silo)
{
    private const string Served = "orders-served";

    private readonly HttpClient _http = silo.Http;

    private string WorkerQueue()
    {
        _ = silo.SharedSilo("orders-worker", new Dictionary<string, string?> { ["Scheduler:Queues:0"] = Served });
        return Served;
    }

    [Fact]
    public async Task a_task_with_a_target_and_no_type_runs_in_the_grain_and_is_named_after_it()
    {
        string queue = WorkerQueue();
        string id = await _http.SubmitAsync($$$"""{"queue":"{{{queue}}}","target":{"grain":"orders","key":"order-42"},"payload":{"lines":3}}""");

        var task = await _http.WaitForStatusAsync(id, "Succeeded");

        Assert.Equal("orders", task.Str("type"));
        Assert.Equal("orders", task.GetProperty("target").Str("grain"));
        Assert.Equal("order-42", task.GetProperty("target").Str("key"));
        Assert.Equal(100, task.GetProperty("progress").GetInt32());
        Assert.Equal("packed line 3 of 3", task.Str("progressMessage"));
        var result = task.GetProperty("result");
        Assert.Equal("order-42", result.Str("order"));
        Assert.Equal(3, result.GetProperty("lines").GetInt32());
    }

    [Fact]
    public async Task the_clients_submission_carries_the_target()
    {
        string queue = WorkerQueue();
        var submitted = await silo.Client.SubmitAsync(SubmitTaskRequest.Create("pack-order", new { lines = 1 }) with
        {
            Queue = queue,
            Target = new TaskTarget { Grain = "orders", Key = "order-7" },
        });

        var task = await OrleansScheduler.Testing.Eventually.Until(() => silo.Client.GetAsync(submitted.Id), t => t!.Status.IsTerminal(), "the order task to end");

        Assert.Equal(TaskState.Succeeded, task!.Status);
        Assert.Equal("pack-order", task.Type);
        Assert.Equal(new TaskTarget { Grain = "orders", Key = "order-7" }, task.Target);
        Assert.Equal("order-7", task.Result!.Value.Str("order"));
    }

    [Fact]
    public async Task a_schedules_template_keeps_its_target()
    {
        string name = "orders-" + Guid.NewGuid().ToString("N")[..8];
        var response = await _http.PostJsonAsync("/api/schedules", $$$$"""{"name":"{{{{name}}}}","cron":"0 9 * * *","task":{"target":{"grain":"orders","key":"daily"},"payload":{"lines":2}}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var schedule = await (await _http.GetAsync($"/api/schedules/{name}")).JsonAsync();

        var template = schedule.GetProperty("task");
        Assert.Equal("orders", template.Str("type"));
        Assert.Equal("daily", template.GetProperty("target").Str("key"));
        Assert.Equal(new TaskTarget { Grain = "orders", Key = "daily" },
            new ScheduleTaskTemplate { Type = "orders", Target = new TaskTarget { Grain = "orders", Key = "daily" } }.ToSubmission().Target);
        await _http.DeleteAsync($"/api/schedules/{name}");
    }
}
