using OrleansScheduler.Api;
using System.Net;
using OrleansScheduler.Client;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// The HTTP API of a cluster whose processes the test kills and pauses: calls go to the gateway-only
/// process first, then (unless <paramref name="gatewayOnly"/>) to any running silo, and are repeated
/// while the cluster says it cannot serve (503, while Orleans has not yet declared a silo dead) or a
/// process does not answer. Only safe to repeat calls go through it (reads, and submissions with an
/// idempotency key).
/// </summary>
internal sealed class ClusterApi(LocalCluster cluster, bool gatewayOnly = false) : IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60), RetryEvery = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<int, (HttpClient Http, SchedulerClient Client)> _clients = [];

    /// <summary>
    /// Starts <paramref name="silos"/> silo processes with <paramref name="siloArgs"/> and a gateway-only process
    /// (this test build of both), on <paramref name="redis"/> when given (else the script's own redis-server), and returns
    /// their API; stops whatever did start when something fails.
    /// </summary>
    public static async Task<ClusterApi> StartWithGatewayAsync(LocalCluster cluster, int silos, int basePort, string siloArgs, bool gatewayOnly = false, string? redis = null)
    {
        try
        {
            var tests = typeof(ClusterApi).Assembly;
            await cluster.StartAsync(silos, basePort, siloArgs, cluster.SiloBuildOf(tests), cluster.GatewayBuildOf(tests), redis);
            await cluster.AddGatewayAsync();
            var api = new ClusterApi(cluster, gatewayOnly);
            await api.RefreshAsync();
            return api;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The processes calls may go to, refreshed by <see cref="RefreshAsync"/>.</summary>
    public IReadOnlyList<ClusterProcess> Processes { get; private set; } = [];

    /// <summary>How many answers were a 503 or no answer, each followed by a repeat.</summary>
    public int Repeats { get; private set; }

    /// <summary>Reads <c>cluster.sh status</c> again, after the test started, killed or paused a process.</summary>
    public async Task RefreshAsync() => Processes = await cluster.StatusAsync();

    /// <summary>Runs <paramref name="call"/> on the first process that serves it, repeating for up to a minute.</summary>
    public async Task<T> CallAsync<T>(Func<SchedulerClient, Task<T>> call, IReadOnlySet<string>? avoid = null)
    {
        var failures = new List<string>();
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            var targets = Processes.Where(p => p.State == "running" && p.Name != "redis" && avoid?.Contains(p.Name) != true && (p.IsGateway || !gatewayOnly))
                                   .OrderByDescending(p => p.IsGateway);
            foreach (var process in targets)
            {
                try
                {
                    return await call(ClientFor(process));
                }
                catch (Exception e) when (IsTransient(e))
                {
                    Repeats++;
                    failures.Add($"{process.Name}: {e.Message}");
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"No process served the call within {GiveUpAfter.TotalSeconds} s: {string.Join("; ", failures.TakeLast(6))}\n{cluster.LogTails()}");
            }
            await Task.Delay(RetryEvery); // the pause between rounds of retries, not a wait for something to happen
        }
    }

    private static bool IsTransient(Exception e) =>
        e is HttpRequestException or TaskCanceledException
        || e is SchedulerApiException { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout };

    private SchedulerClient ClientFor(ClusterProcess process)
    {
        if (!_clients.TryGetValue(process.Port, out var client))
        {
            var http = new HttpClient { BaseAddress = process.Api, Timeout = TimeSpan.FromSeconds(10) };
            _clients[process.Port] = client = (http, new SchedulerClient(http));
        }
        return client.Client;
    }

    /// <summary>Every task of the cluster, read page by page through <see cref="CallAsync"/>.</summary>
    public async Task<List<TaskInfo>> AllTasksAsync()
    {
        var all = new List<TaskInfo>();
        string? cursor = null;
        do
        {
            var page = await CallAsync(client => client.ListAsync(new TaskListQuery { Limit = 1000, Cursor = cursor }));
            all.AddRange(page.Tasks);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public void Dispose()
    {
        foreach (var (http, _) in _clients.Values) http.Dispose();
    }
}
