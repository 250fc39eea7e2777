using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// When no silo answers a gateway's grain call (here: the cluster's only silo has stopped), the API says
/// so with a 503 the client may retry, not a 500.
/// </summary>
public sealed class GatewayClusterFailureTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private GatewayFactory _gateway = null!;

    public Task InitializeAsync()
    {
        _silo.Start();
        _gateway = new GatewayFactory(new Dictionary<string, string?> { ["Orleans:Endpoints:GatewayPort"] = _silo.GatewayPort.ToString() });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task a_request_no_silo_answers_is_a_503_problem_with_retry_after()
    {
        var http = _gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/queues")).StatusCode);
        await _silo.DisposeAsync();

        var response = await http.GetAsync("/api/queues");

        var (_, detail) = await response.ProblemAsync(503, "the cluster's only silo has stopped");
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Contains("retry", detail);
    }
}
