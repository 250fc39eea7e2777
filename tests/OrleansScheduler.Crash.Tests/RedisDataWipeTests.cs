using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Redis restarted without persistence under three silo processes and a gateway: everything it held is gone, Orleans'
/// membership table included, and nothing in Redis says so. The silos keep running on a frozen membership, so
/// <c>/healthz</c> must say the data was lost; the operator's recovery (docs/redis-faults.md: kill every silo and
/// gateway, start them again) must keep what Redis still holds (the tasks submitted since the wipe) and run tasks again.
/// </summary>
public sealed class RedisDataWipeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SiloArgs = "--capacity 8 --Scheduler:SweepInterval=00:00:00.500 "
        + "--Scheduler:PollInterval=00:00:00.250 --Scheduler:DrainTimeout=00:00:05 --Scheduler:BackstopInterval=00:00:02";

    private readonly RedisServer _redis = new();
    private readonly LocalCluster _cluster = new();
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ClusterApi _api = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _api = await ClusterApi.StartWithGatewayAsync(_cluster, 3, Random.Shared.Next(20_000, 26_000), SiloArgs, gatewayOnly: true,
            redis: $"127.0.0.1:{_redis.Port}");
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        _probe.Dispose();
        await _cluster.DisposeAsync(); // before Redis, so the silos can leave the membership table
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task after_redis_comes_back_empty_healthz_reports_the_loss_and_the_documented_recovery_keeps_the_tasks_submitted_since()
    {
        var before = await SubmitAsync("before", 5, ms: 10);
        await AllSucceededAsync(before, "the tasks submitted before the wipe");
        var oldSilos = _api.Processes.Where(p => p.IsLiveSilo).ToList();

        await _redis.KillAsync();
        await _redis.RestartAsync(); // no AOF, no RDB: it comes back empty
        var wiped = Stopwatch.StartNew();
        foreach (var silo in oldSilos)
        {
            await Eventually.Until(() => HealthAsync(silo), h => h.Code == HttpStatusCode.ServiceUnavailable && h.Status == "redis-data-lost",
                $"{silo.Name}'s /healthz to answer 503 redis-data-lost after the wipe", TimeSpan.FromSeconds(20));
        }
        var detected = wiped.Elapsed;

        // What clients submit meanwhile is in Redis, and must outlive the recovery: short tasks that end before it,
        // long ones Running through it, delayed ones Scheduled through it.
        var shortOnes = await SubmitAsync("short", 10, ms: 20);
        var longOnes = await SubmitAsync("long", 4, ms: 3_000);
        var delayed = await SubmitAsync("delayed", 3, ms: 10, delayMs: 4_000);
        await AllSucceededAsync(shortOnes, "the short tasks submitted after the wipe");
        await Eventually.Until(() => StatusesAsync(longOnes), s => s.Any(t => t == TaskState.Running),
            "a long task submitted after the wipe to be Running before the recovery");

        // The recovery: every silo and gateway killed (a graceful stop waits minutes on the wiped membership table), then started anew.
        var recovery = Stopwatch.StartNew();
        foreach (var process in _api.Processes.Where(p => p.State == "running")) await _cluster.KillAsync(process.Name);
        for (int i = 0; i < 3; i++) await _cluster.AddAsync();
        await _cluster.AddGatewayAsync();
        await _api.RefreshAsync();
        var newSilos = _api.Processes.Where(p => p.IsLiveSilo).ToList();
        var started = recovery.Elapsed;

        foreach (var silo in newSilos)
        {
            var health = await HealthAsync(silo);
            Assert.True(health.Code == HttpStatusCode.OK && health.Status == "ok", $"{silo.Name} started after the recovery answers /healthz {health}.\n{_cluster.LogTails()}");
        }
        await Eventually.Until(() => _api.CallAsync(client => client.ListSilosAsync()),
            list => newSilos.All(p => list.Silos.Any(s => s.Name == p.Name && s.Status == SiloState.Active)),
            "the silos started by the recovery to be Active in the new membership table", TimeSpan.FromSeconds(20));
        await AllSucceededAsync([.. shortOnes, .. longOnes, .. delayed], "every task submitted after the wipe, after the recovery", TimeSpan.FromSeconds(40));
        var recovered = recovery.Elapsed;
        var lostBefore = (await StatusesAsync(before)).Count(s => s is null);
        var ranAgain = await SubmitAsync("after", 6, ms: 10);
        await AllSucceededAsync(ranAgain, "tasks submitted after the recovery");

        output.WriteLine($"Redis restarted empty: every silo's /healthz answered 503 redis-data-lost {detected.TotalSeconds:0.0} s later; "
            + $"{lostBefore} of {before.Count} tasks stored before the wipe are gone with it.");
        output.WriteLine($"Recovery: silos and gateway killed and started again in {started.TotalSeconds:0.0} s; every one of the "
            + $"{shortOnes.Count + longOnes.Count + delayed.Count} tasks submitted after the wipe Succeeded {recovered.TotalSeconds:0.0} s after it began.");
        _cluster.DeleteStateOnDispose = true;
    }

    private async Task<List<string>> SubmitAsync(string name, int count, int ms, long? delayMs = null)
    {
        var requests = Enumerable.Range(0, count)
            .Select(i => SubmitTaskRequest.Create("sleep", new { ms }) with { IdempotencyKey = $"{name}-{i}", DelayMs = delayMs })
            .ToList();
        return [.. await _api.CallAsync(client => client.SubmitBatchAsync(requests))];
    }

    private async Task<List<TaskState?>> StatusesAsync(IReadOnlyList<string> ids)
    {
        var statuses = new List<TaskState?>();
        foreach (string id in ids) statuses.Add((await _api.CallAsync(client => client.GetAsync(id)))?.Status);
        return statuses;
    }

    private Task AllSucceededAsync(IReadOnlyList<string> ids, string what, TimeSpan? timeout = null) =>
        Eventually.Until(() => StatusesAsync(ids), s => s.All(t => t == TaskState.Succeeded), $"{what} to have Succeeded", timeout ?? TimeSpan.FromSeconds(20));

    private async Task<(HttpStatusCode Code, string? Status)> HealthAsync(ClusterProcess process)
    {
        try
        {
            using var response = await _probe.GetAsync(new Uri(process.Api, "healthz"));
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, body.RootElement.GetProperty("status").GetString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, e.GetType().Name);
        }
    }
}
