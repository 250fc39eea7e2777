using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Crashes for real: three silo processes on one redis-server (compose/cluster.sh), 5,000 short
/// tasks, and every few seconds a random silo is killed with SIGKILL (no drain, no goodbye) and a
/// new one added. The others must notice the silence within DeadAfter, declare it dead and run its
/// tasks elsewhere, so that every task still ends Succeeded (DESIGN.md §5, §10).
/// </summary>
public sealed class KillingSilosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SiloCount = 3, TaskCount = 5_000, BatchSize = 1_000, MinKills = 3;

    /// <summary>
    /// Quick failure detection, and few slots so 5,000 sleeps of 20–300 ms take about half a
    /// minute across the three silos: long enough for several kills while work is running.
    /// </summary>
    private const string SiloArgs = "--capacity 8 --Scheduler:HeartbeatInterval=00:00:00.250 --Scheduler:DeadAfter=00:00:02 "
        + "--Scheduler:RoleLeaseTime=00:00:02 --Scheduler:SweepInterval=00:00:00.500 --Scheduler:PollInterval=00:00:00.250 "
        + "--Scheduler:DrainTimeout=00:00:05";

    private static readonly TimeSpan AllTerminalWithin = TimeSpan.FromSeconds(75), PollEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KillEveryMin = TimeSpan.FromSeconds(3), KillEveryMax = TimeSpan.FromSeconds(4.5);

    private readonly LocalCluster _cluster = new();
    private readonly Dictionary<int, (HttpClient Http, SchedulerClient Client)> _gateways = [];
    private readonly List<string> _kills = [];
    private IReadOnlyList<ClusterProcess> _processes = [];

    public async Task InitializeAsync()
    {
        // Outside the ephemeral range other tests' servers get their ports from; the script skips ports in use.
        int basePort = Random.Shared.Next(20_000, 30_000);
        try
        {
            await _cluster.StartAsync(SiloCount, basePort, SiloArgs, _cluster.SiloBuildOf(typeof(KillingSilosTests).Assembly));
            _processes = await _cluster.StatusAsync();
        }
        catch
        {
            await _cluster.DisposeAsync(); // stop whatever did start
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (http, _) in _gateways.Values) http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task five_thousand_tasks_all_succeed_while_silos_are_killed_with_sigkill_and_replaced()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        var ids = new List<string>(TaskCount);
        for (int batch = 0; batch < TaskCount / BatchSize; batch++)
        {
            var requests = Enumerable.Range(0, BatchSize).Select(_ => SubmitTaskRequest.Create("sleep", new { ms = random.Next(20, 301) })).ToList();
            ids.AddRange(await AnyGatewayAsync(client => client.SubmitBatchAsync(requests)));
        }
        var submitted = watch.Elapsed;

        var nextKill = watch.Elapsed + KillEveryMin;
        List<TaskInfo> tasks;
        while (true)
        {
            tasks = await AllTasksAsync();
            if (tasks.Count == TaskCount && tasks.All(t => t.Status.IsTerminal())) break;
            if (watch.Elapsed - submitted > AllTerminalWithin)
                Assert.Fail($"Not every task was terminal {AllTerminalWithin.TotalSeconds} s after submission. {Report(tasks, seed)}");
            if (watch.Elapsed >= nextKill)
            {
                await KillOneAndAddOneAsync(random, watch.Elapsed);
                nextKill = watch.Elapsed + KillEveryMin + (KillEveryMax - KillEveryMin) * random.NextDouble();
            }
            await Task.Delay(PollEvery); // the polling interval of this wait, not a wait for something to happen
        }
        var finished = watch.Elapsed;

        Assert.True(tasks.Count(t => t.Status == TaskState.Succeeded) == TaskCount, $"Every task should have Succeeded. {Report(tasks, seed)}");
        Assert.True(_kills.Count >= MinKills, $"The work ended after only {_kills.Count} kill(s); the test needs at least {MinKills} to mean anything. {Report(tasks, seed)}");
        Assert.True(tasks.Any(t => t.Failovers > 0), $"No task was ever failed over, though silos running tasks were killed. {Report(tasks, seed)}");
        var silos = await MembershipSettledAsync();
        Assert.Equal(SiloCount, silos.Silos.Count(s => s.Status == SiloStatus.Active));

        output.WriteLine($"{TaskCount} tasks submitted in {submitted.TotalSeconds:0.0} s, all Succeeded {finished.TotalSeconds:0.0} s after the start; seed {seed}.");
        output.WriteLine($"Kills: {string.Join(", ", _kills)}.");
        output.WriteLine($"Failed over: {tasks.Count(t => t.Failovers > 0)} task(s), {tasks.Sum(t => t.Failovers)} failover(s), at most {tasks.Max(t => t.Failovers)} for one task.");
        output.WriteLine($"Silos at the end: {string.Join(", ", silos.Silos.Select(s => $"{s.Id} {s.Status}"))}.");
        _cluster.DeleteStateOnDispose = true;
    }

    private async Task KillOneAndAddOneAsync(Random random, TimeSpan at)
    {
        var live = _processes.Where(p => p.IsLiveSilo).ToList();
        var victim = live[random.Next(live.Count)];
        await _cluster.KillAsync(victim.Name);
        string added = await _cluster.AddAsync();
        _kills.Add($"{victim.Name} at {at.TotalSeconds:0.0} s (replaced by {added})");
        _processes = await _cluster.StatusAsync();
    }

    /// <summary>
    /// Waits until the table agrees with what the test did: every killed silo declared Dead, every
    /// running silo Active. A silo killed while idle near the end is declared dead only after DeadAfter.
    /// </summary>
    private async Task<SiloListInfo> MembershipSettledAsync()
    {
        var killed = _processes.Where(p => p.State == "killed").Select(p => p.Name).ToHashSet();
        var running = _processes.Where(p => p.IsLiveSilo).Select(p => p.Name).ToHashSet();
        return await Eventually.Until(
            () => AnyGatewayAsync(client => client.ListSilosAsync()),
            list => list.Silos.Where(s => killed.Contains(s.Name) && !running.Contains(s.Name)).All(s => s.Status == SiloStatus.Dead)
                    && running.All(name => list.Silos.Any(s => s.Name == name && s.Status == SiloStatus.Active)),
            $"killed silos ({string.Join(", ", killed)}) Dead and running ones ({string.Join(", ", running)}) Active in the membership table",
            TimeSpan.FromSeconds(20));
    }

    private async Task<List<TaskInfo>> AllTasksAsync()
    {
        var all = new List<TaskInfo>(TaskCount);
        string? cursor = null;
        do
        {
            var page = await AnyGatewayAsync(client => client.ListAsync(new TaskListQuery { Limit = 1000, Cursor = cursor }));
            all.AddRange(page.Tasks);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>Calls the first running silo's gateway that answers; the test kills silos, so any one may be gone.</summary>
    private async Task<T> AnyGatewayAsync<T>(Func<SchedulerClient, Task<T>> call)
    {
        var failures = new List<string>();
        foreach (var silo in _processes.Where(p => p.IsLiveSilo))
        {
            try
            {
                return await call(ClientFor(silo));
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{silo}: {e.Message}");
            }
        }
        throw new InvalidOperationException($"No silo's gateway answered: {string.Join("; ", failures)}\n{_cluster.LogTails()}");
    }

    private SchedulerClient ClientFor(ClusterProcess silo)
    {
        if (!_gateways.TryGetValue(silo.Port, out var gateway))
        {
            var http = new HttpClient { BaseAddress = silo.Gateway, Timeout = TimeSpan.FromSeconds(20) };
            _gateways[silo.Port] = gateway = (http, new SchedulerClient(http));
        }
        return gateway.Client;
    }

    /// <summary>What was seen, for failure messages: counts per state, samples, kills, processes and the logs' tails.</summary>
    private string Report(IReadOnlyList<TaskInfo> tasks, int seed)
    {
        var counts = tasks.GroupBy(t => t.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        var stuck = tasks.Where(t => t.Status != TaskState.Succeeded).Take(10)
                         .Select(t => $"{t.Id} {t.Status} attempt {t.Attempt} failovers {t.Failovers} silo {t.Silo} error {t.Error}");
        return $"Seen {tasks.Count} of {TaskCount} tasks: {string.Join(", ", counts)}. Failed over: {tasks.Count(t => t.Failovers > 0)} task(s).\n"
             + $"Not succeeded (first 10): {string.Join("; ", stuck)}\n"
             + $"Kills: {string.Join(", ", _kills)}\nProcesses: {string.Join(", ", _processes)}\nSeed: {seed}; state in {_cluster.StateDirectory}\n"
             + _cluster.LogTails();
    }
}
