using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScheduler.Executors.Http;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// The <c>http</c> executor through the API, on both stores, configured the way an operator does it: a worker silo
/// for the test's own queue whose settings allow the test's server and hold a secret.
/// </summary>
public abstract class HttpExecutorApiTests(SiloFixture silo)
{
    private const string Secret = "api-test-secret-value";

    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "hq-" + Guid.NewGuid().ToString("N")[..12];

    private SiloFactory StartWorker(string queue, LoopbackHttpServer server) => silo.StartSilo(new Dictionary<string, string?>
    {
        ["Scheduler:Queues:0"] = queue,
        ["Scheduler:Http:AllowedHosts:0"] = server.HostEntry,
        ["Scheduler:Http:Secrets:hook-token"] = Secret,
    });

    [Fact]
    public async Task an_http_task_posted_to_the_api_succeeds_and_its_task_shows_the_result()
    {
        await using var server = new LoopbackHttpServer(r => Response.Json($$"""{"got":{{r.Body}}}"""));
        string queue = NewQueue();
        await using var worker = StartWorker(queue, server);
        string payload = JsonSerializer.Serialize(new
        {
            method = "POST",
            url = server.Url("/hook"),
            headers = new Dictionary<string, object> { ["Authorization"] = new { secret = "hook-token" } },
            body = new { n = 42 },
        });

        string id = await _http.SubmitAsync($$"""{"type":"http","queue":"{{queue}}","payload":{{payload}}}""");
        await _http.WaitForStatusAsync(id, "Succeeded");
        var task = await _http.GetTaskAsync(id);

        var result = task.GetProperty("result");
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal(42, result.GetProperty("body").GetProperty("got").GetProperty("n").GetInt32());
        Assert.False(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(Secret, server.Requests.Single().Header("Authorization"));
        Assert.DoesNotContain(Secret, task.GetRawText());
        var logs = await Eventually.Until(async () => await (await _http.GetAsync($"/api/tasks/{id}/logs")).JsonAsync(),
            l => l.GetProperty("lines").GetArrayLength() > 0, $"the log lines of task {id}");
        Assert.Contains($"POST {server.Url("/hook")} -> 200 in", logs.GetRawText());
        Assert.DoesNotContain(Secret, logs.GetRawText());
    }

    [Fact]
    public async Task an_http_task_to_a_host_the_silos_do_not_allow_fails_at_once_saying_how_to_allow_it()
    {
        await using var allowed = new LoopbackHttpServer(_ => new Response(200));
        await using var other = new LoopbackHttpServer(_ => new Response(200));
        string queue = NewQueue();
        await using var worker = StartWorker(queue, allowed);

        string id = await _http.SubmitAsync($$$"""{"type":"http","queue":"{{{queue}}}","maxAttempts":3,"payload":{"url":"{{{other.Url("/")}}}"}}""");
        var task = await _http.WaitForStatusAsync(id, "Failed");

        Assert.Contains("Scheduler:Http:AllowedHosts", task.Str("error"));
        Assert.Contains($"127.0.0.1:{other.Port}", task.Str("error"));
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task the_silo_executable_binds_the_http_settings_and_refuses_a_bad_allowed_host_naming_its_key()
    {
        // The executable's own configuration, as its command line or Scheduler__Http__… environment variables give it.
        await using var good = SiloApplication.Create(["--Scheduler:Http:AllowedHosts:0=*.example.com", "--Scheduler:Http:MaxRedirects=1"]);
        await using var bad = SiloApplication.Create(["--Scheduler:Http:AllowedHosts:0=https://api.example.com/"]);

        var options = good.Services.GetRequiredService<IOptions<HttpExecutorOptions>>().Value;
        var error = Assert.Throws<OptionsValidationException>(() => bad.Services.GetRequiredService<IOptions<HttpExecutorOptions>>().Value);

        Assert.Equal(["*.example.com"], options.AllowedHosts);
        Assert.Equal(1, options.MaxRedirects);
        Assert.Contains("Scheduler:Http:AllowedHosts:0", error.Message);
    }
}
