using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>Routing through the typed client against the real gateway: on tasks, schedule templates and workflow tasks, and a queue's defaults.</summary>
public sealed class SchedulerClientRoutingTests(InMemorySiloFixture silo) : IClassFixture<InMemorySiloFixture>
{
    private readonly SchedulerClient _client = silo.Client;

    private static string UnservedQueue() => "client-rt-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public void a_routing_is_written_with_camel_case_strategy_names_and_without_its_null_fields()
    {
        var request = new SubmitTaskRequest { Type = "echo", Routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-42" } };

        string json = JsonSerializer.Serialize(request, ApiJson.Options);

        Assert.Equal("""{"type":"echo","routing":{"strategy":"consistentHash","key":"customer-42","cost":1}}""", json);
        var labels = JsonSerializer.Serialize(new TaskRouting { Strategy = RoutingStrategy.BestFit, Cost = 4, Labels = new Dictionary<string, string> { ["gpu"] = "true" } }, ApiJson.Options);
        Assert.Equal("""{"strategy":"bestFit","cost":4,"labels":{"gpu":"true"}}""", labels);
    }

    [Fact]
    public async Task a_task_submitted_with_a_routing_runs_and_reads_back_with_it_and_the_silo_chosen()
    {
        var routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-42", ConcurrencyKey = "customer-42" };

        var submitted = await _client.SubmitAsync(SubmitTaskRequest.Create("echo", new { n = 1 }) with { Routing = routing });
        var task = await Eventually.Until(() => _client.GetAsync(submitted.Id), t => t?.Status == TaskState.Succeeded, $"task {submitted.Id} to succeed");

        Assert.Equal(routing, task!.Routing);
        Assert.Equal(silo.SiloId, task.RoutedTo);
        Assert.Null(task.RoutedSince);
    }

    [Fact]
    public async Task a_batch_through_the_client_keeps_each_tasks_routing()
    {
        string queue = UnservedQueue();
        var labels = new TaskRouting { Strategy = RoutingStrategy.FirstFit, Cost = 2, Labels = new Dictionary<string, string> { ["zone"] = "eu-1" } };

        var ids = await _client.SubmitBatchAsync(
        [
            new SubmitTaskRequest { Type = "echo", Queue = queue },
            new SubmitTaskRequest { Type = "echo", Queue = queue, Routing = labels },
        ]);

        Assert.Null((await _client.GetAsync(ids[0]))!.Routing);
        var routed = (await _client.GetAsync(ids[1]))!.Routing!;
        Assert.Equal((RoutingStrategy.FirstFit, 2, "eu-1"), (routed.Strategy, routed.Cost, routed.Labels!["zone"]));
    }

    [Fact]
    public async Task a_bad_routing_throws_the_400_naming_its_field()
    {
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() =>
            _client.SubmitAsync(new SubmitTaskRequest { Type = "echo", Routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash } }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("routing.key", error.Errors.Keys);
    }

    [Fact]
    public async Task a_queue_routing_is_set_read_and_cleared_through_the_client()
    {
        string queue = UnservedQueue();
        var routing = new TaskRouting { Strategy = RoutingStrategy.RoundRobin, ReassignAfterMs = 2_000 };

        var stored = await _client.SetQueueRoutingAsync(queue, routing);
        var read = await _client.GetQueueRoutingAsync(queue);
        await _client.ClearQueueRoutingAsync(queue);

        Assert.Equal(routing, stored);
        Assert.Equal(routing, read);
        Assert.Null(await _client.GetQueueRoutingAsync(queue));
        var unknown = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.ClearQueueRoutingAsync(UnservedQueue()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var refused = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.SetQueueRoutingAsync(queue, routing with { ShardIndex = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("shardIndex", refused.Errors.Keys);
    }

    [Fact]
    public async Task a_schedule_template_and_a_workflow_task_keep_their_routing_through_the_client()
    {
        var routing = new TaskRouting { Strategy = RoutingStrategy.Random, Labels = new Dictionary<string, string> { ["zone"] = "eu-1" } };
        string queue = UnservedQueue();

        var schedule = await _client.PutScheduleAsync(new ScheduleRequest
        {
            Name = "client-rt-" + Guid.NewGuid().ToString("N")[..8],
            Cron = "@daily",
            Enabled = false,
            Task = new ScheduleTaskInfo { Type = "echo", Queue = queue, Routing = routing },
        });
        var workflow = await _client.CreateWorkflowAsync(new WorkflowRequest
        {
            Name = "routed",
            Tasks = [new WorkflowTaskRequest { Key = "a", Type = "echo", Queue = queue, Routing = routing }],
        });

        Assert.Equal((RoutingStrategy.Random, "eu-1"), (schedule.Task.Routing?.Strategy, schedule.Task.Routing?.Labels?["zone"]));
        var node = await Eventually.Until(() => _client.GetAsync(workflow.Nodes[0].TaskId), t => t is not null, "the workflow's node task to be stored");
        Assert.Equal((RoutingStrategy.Random, "eu-1"), (node!.Routing?.Strategy, node.Routing?.Labels?["zone"]));
    }
}
