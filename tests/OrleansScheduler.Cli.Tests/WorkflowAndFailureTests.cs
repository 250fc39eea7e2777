using OrleansScheduler.Api;
using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Client;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>workflows get|cancel</c>, <c>--routing</c>, and a gateway that fails (5xx).</summary>
[Collection(GatewayCollection.Name)]
public sealed class WorkflowAndFailureTests(GatewayFixture gateway)
{
    [Fact]
    public async Task workflows_get_shows_every_node_and_cancel_ends_the_workflow_canceled()
    {
        // A queue no worker serves, so the workflow stays Running until it is canceled.
        var workflow = await gateway.Client.CreateWorkflowAsync(new WorkflowRequest
        {
            Name = "cli-wf",
            Tasks = [new WorkflowTaskRequest { Key = "first", Type = "echo", Queue = "cli-wf-unserved" }],
        });

        var get = (await gateway.RunAsync("workflows", "get", workflow.Id)).ExitsWith(ExitCodes.Ok);
        Assert.Contains("first", get.Out);
        Assert.Contains("Running", get.Out);

        var canceled = (await gateway.RunAsync("workflows", "cancel", workflow.Id, "-o", "json")).ExitsWith(ExitCodes.Ok).Json();
        Assert.Equal("Canceled", canceled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_task_submitted_with_routing_carries_it()
    {
        string id = "cli-routed-" + Guid.NewGuid().ToString("N")[..8];

        (await gateway.RunAsync("submit", "echo", "--id", id, "--delay-ms", "600000", "--routing", """{"strategy":"consistentHash","key":"customer-42"}""")).ExitsWith(ExitCodes.Ok);

        var routing = (await gateway.Client.GetAsync(id))!.Routing;
        Assert.Equal(("customer-42", OrleansScheduler.Tasks.RoutingStrategy.ConsistentHash), (routing?.Key, routing?.Strategy));
    }

    [Fact]
    public async Task routing_that_is_not_json_is_a_command_line_error()
    {
        (await gateway.RunAsync("submit", "echo", "--routing", "{strategy")).ExitsWith(ExitCodes.Usage);
    }

    [Fact]
    public async Task a_gateway_answering_503_prints_the_problem_and_exits_4_without_trying_the_next()
    {
        await using var failing = new FailingGateway(503, "The cluster could not serve the request.");

        var run = (await CliRun.RunAsync("", "--gateway", failing.Url, "--gateway", gateway.Url, "silos")).ExitsWith(ExitCodes.GatewayFailed);

        Assert.Contains("503 The cluster could not serve the request.", run.Error);
        Assert.Contains("No silo answered in time.", run.Error);
    }
}
