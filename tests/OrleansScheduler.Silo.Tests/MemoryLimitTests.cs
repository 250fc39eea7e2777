using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// A silo on a Redis that fills up (maxmemory under noeviction): submissions are refused with a 503 that names the
/// cause, running tasks still end, and the silo takes work again as soon as memory frees, without a restart.
/// </summary>
public sealed class MemoryLimitTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new() { Options = new RedisServerOptions { Arguments = ["--maxmemory-policy", "noeviction"] } };
    private ConnectionMultiplexer _admin = null!;
    private SiloFactory _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        _silo = new SiloFactory(new Dictionary<string, string?>
        {
            ["Scheduler:Redis"] = _redis.ConnectionString,
            ["Scheduler:RedisStore:KeyPrefix"] = RedisServer.NewKeyPrefix(),
            ["Orleans:ClusterId"] = "memory-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        }).Start();
        _http = _silo.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _silo.DisposeAsync();
        _admin.Dispose();
        await _redis.DisposeAsync();
    }

    private Task SetMaxMemoryAsync(string bytes) => _admin.GetServer(_admin.GetEndPoints()[0]).ExecuteAsync("CONFIG", "SET", "maxmemory", bytes);

    [Fact]
    public async Task a_full_redis_answers_submissions_with_a_503_naming_the_cause_lets_running_tasks_end_and_recovers_when_memory_frees()
    {
        var running = new List<string>();
        for (int i = 0; i < 3; i++) running.Add(await _http.SubmitAsync("""{"type":"sleep","payload":{"ms":1500}}"""));
        foreach (string id in running) await _http.WaitForStatusAsync(id, "Running");

        await SetMaxMemoryAsync("1"); // below what the server already uses: every write that may grow memory is refused
        DateTimeOffset full = DateTimeOffset.UtcNow;
        try
        {
            var refused = await _http.PostJsonAsync("/api/tasks", """{"type":"echo","idempotencyKey":"after-oom"}""");
            var (problem, detail) = await refused.ProblemAsync(503, "a submission to a full Redis");
            Assert.StartsWith("Redis is out of memory", detail);
            Assert.Contains("queue 'default'", detail);
            Assert.Equal("outOfMemory", problem.GetProperty("reason").GetString());
            Assert.NotNull(refused.Headers.RetryAfter);

            // completions are allow-oom and reads no-writes: the running tasks end, and the API shows it, while Redis is still full
            foreach (string id in running) await _http.WaitForStatusAsync(id, "Succeeded", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await SetMaxMemoryAsync("0");
        }
        foreach (string id in running)
            Assert.True((await _http.GetTaskAsync(id)).GetProperty("finishedAt").GetDateTimeOffset() > full, $"task {id} ended while Redis was full");

        // the same silo, no restart: the retried submission is stored and runs
        var accepted = await Eventually.Until(() => _http.PostJsonAsync("/api/tasks", """{"type":"echo","idempotencyKey":"after-oom"}"""),
            r => r.StatusCode == HttpStatusCode.Created, "a submission to be accepted once memory freed");
        await _http.WaitForStatusAsync((await accepted.JsonAsync()).GetProperty("id").GetString()!, "Succeeded");
    }
}
