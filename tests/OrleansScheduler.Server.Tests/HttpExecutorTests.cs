using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Executors.Http;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Server.Tests;

/// <summary>The <c>http</c> executor in a cluster: its outcome, result and logs in the store, and the scheduler's wait for a server's Retry-After.</summary>
public abstract class HttpExecutorTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output), IAsyncLifetime
{
    private LoopbackHttpServer? _server;

    private LoopbackHttpServer Server => _server ?? throw new InvalidOperationException("Start the server first.");

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>Starts the test's server and a silo that may call it (unless <paramref name="allowServer"/> is false).</summary>
    private async Task StartAsync(Func<LoopbackHttpServer.Request, Response> respond, bool allowServer = true, Action<HttpExecutorOptions>? http = null)
    {
        _server = new LoopbackHttpServer(respond);
        await DeployAsync(1, silo: s => s.Services.Configure<HttpExecutorOptions>(o =>
        {
            if (allowServer) o.AllowedHosts.Add(Server.HostEntry);
            http?.Invoke(o);
        }));
    }

    private Task<string> SubmitHttpAsync(object payload, int maxAttempts = 3) => SubmitAsync(new TaskSubmission
    {
        Type = HttpHandler.Type,
        Payload = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
        MaxAttempts = maxAttempts,
        Backoff = TimeSpan.FromMilliseconds(100),
    });

    [Fact]
    public async Task an_http_task_succeeds_against_a_real_server_with_its_result_and_its_request_log_in_the_store()
    {
        await StartAsync(_ => Response.Json("""{"accepted":true}"""));

        string id = await SubmitHttpAsync(new { method = "POST", url = Server.Url("/hook?token=t0k3n"), body = new { order = 7 } });
        var task = (await WaitUntilFinishedAsync([id])).Single();

        Assert.Equal(TaskState.Succeeded, task.Status);
        using var result = JsonDocument.Parse(task.Result!);
        Assert.Equal(200, result.RootElement.GetProperty("status").GetInt32());
        Assert.True(result.RootElement.GetProperty("body").GetProperty("accepted").GetBoolean());
        Assert.Equal("""{"order":7}""", Server.Requests.Single().Body);
        var logs = await Eventually.Until(() => Storage.Tasks.GetLogsAsync(id), l => l is { Count: > 0 }, $"the log of task {id}", Patience);
        var line = Assert.Single(logs!);
        Assert.Matches($"^POST {Server.Url("/hook")} -> 200 in \\d+ ms$", line.Message);
    }

    [Fact]
    public async Task a_503_with_retry_after_2_makes_the_schedulers_next_attempt_wait_at_least_2_s_and_it_then_succeeds()
    {
        // The worker and the stores honour RetryAfterTaskException: the retry is due at the later of the backoff and the
        // server's delay. The attempt does not wait 2 s itself: that is more than MaxRetryAfterWithinAttempt.
        await StartAsync(r => r.Number == 1 ? new Response(503, "later").With("Retry-After", "2") : new Response(200, "done"),
            http: o => o.MaxRetryAfterWithinAttempt = TimeSpan.FromSeconds(1));

        string id = await SubmitHttpAsync(new { url = Server.Url("/busy") });
        var task = (await WaitUntilFinishedAsync([id])).Single();

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(2, task.Attempt);
        Assert.Equal(2, Server.Requests.Count);
        var waited = Server.Requests[1].ReceivedAt - Server.Answers[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(1.95), $"the second attempt's request came {waited.TotalMilliseconds:0} ms after the 503 that asked for 2 s");
    }

    [Fact]
    public async Task an_http_task_to_a_host_not_allowed_ends_failed_at_its_first_attempt_without_a_request()
    {
        await StartAsync(_ => new Response(200), allowServer: false);

        string id = await SubmitHttpAsync(new { url = Server.Url("/") }, maxAttempts: 5);
        var task = (await WaitUntilFinishedAsync([id])).Single();

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(1, task.Attempt);
        Assert.Contains("Host '127.0.0.1'", task.Error);
        Assert.Contains("Scheduler:Http:AllowedHosts", task.Error);
        Assert.Empty(Server.Requests);
    }
}
