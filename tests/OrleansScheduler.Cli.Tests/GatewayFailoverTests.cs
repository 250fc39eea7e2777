using OrleansScheduler.Client;
using OrleansScheduler.Cli.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>--gateway</c> with several URLs, and the .NET client of several gateways: a gateway that does not answer is skipped; none answering exits 3 (the client throws).</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayFailoverTests(GatewayFixture gateway)
{
    private static string ClosedPort() => $"http://127.0.0.1:{FreePort.Next()}";

    [Fact]
    public async Task when_no_gateway_answers_the_command_names_them_and_exits_3()
    {
        string first = ClosedPort(), second = ClosedPort();

        var run = (await CliRun.RunAsync("", "--gateway", first, "--gateway", second, "get", "any")).ExitsWith(ExitCodes.Unreachable);

        Assert.Contains("No gateway answered", run.Error);
        Assert.Contains(first, run.Error);
        Assert.Contains(second, run.Error);
    }

    [Fact]
    public async Task a_closed_first_gateway_is_skipped_and_the_second_serves_the_command()
    {
        string id = "cli-failover-" + Guid.NewGuid().ToString("N")[..8];

        (await CliRun.RunAsync("", "--gateway", ClosedPort(), "--gateway", gateway.Url, "submit", "echo", "--id", id, "--delay-ms", "600000")).ExitsWith(ExitCodes.Ok);

        Assert.NotNull(await gateway.Client.GetAsync(id));
    }

    [Fact]
    public async Task gateways_may_be_given_comma_separated()
    {
        var run = (await CliRun.RunAsync("", "--gateway", $"{ClosedPort()},{gateway.Url}", "silos")).ExitsWith(ExitCodes.Ok);

        Assert.Contains("Active", run.Out);
    }

    [Fact]
    public async Task the_failover_handler_keeps_the_gateway_that_answered()
    {
        var handler = new GatewayFailoverHandler([new Uri(ClosedPort() + "/"), new Uri(gateway.Url + "/")]);
        using var http = new HttpClient(handler) { BaseAddress = GatewayFailoverHandler.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var client = new SchedulerClient(http);

        await client.ListSilosAsync();
        await client.ListSilosAsync();

        Assert.Equal(new Uri(gateway.Url + "/"), handler.Current);
    }

    [Fact]
    public async Task a_dotnet_client_of_several_gateways_skips_one_that_does_not_answer_and_throws_when_none_does()
    {
        var client = SchedulerClient.ForGateways([new Uri(ClosedPort() + "/"), new Uri(gateway.Url + "/")]);
        var lost = SchedulerClient.ForGateways([new Uri(ClosedPort() + "/")]);

        var silos = await client.ListSilosAsync();

        Assert.NotEmpty(silos.Silos);
        await Assert.ThrowsAsync<GatewayUnreachableException>(() => lost.ListSilosAsync());
    }

    [Fact]
    public async Task a_gateway_that_is_not_an_http_url_is_a_command_line_error()
    {
        (await CliRun.RunAsync("", "--gateway", "localhost:5080", "silos")).ExitsWith(ExitCodes.Usage);
    }
}
