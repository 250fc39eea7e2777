using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Crashes for real: three Orleans silo processes on one redis-server (compose/cluster.sh) and a
/// gateway-only process the test talks to (and only to), 5,000 short tasks, and every few seconds a random silo is
/// killed with SIGKILL (no drain, no goodbye) and a new one added. Orleans' failure detection on the
/// others must declare it dead, and the scheduler then runs its tasks elsewhere, so that every task
/// still ends Succeeded (DESIGN.md §5, §10), while the gateway keeps serving. The fast profile's short
/// probes must not declare a busy silo dead: no silo may stop on its own.
/// </summary>
public sealed class KillingSilosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SiloCount = 3, TaskCount = 5_000, BatchSize = 1_000, MinKills = 3;

    /// <summary>
    /// The fast failover profile, and few slots so 5,000 sleeps of 20–300 ms take about half a
    /// minute across the three silos: long enough for several kills while work is running.
    /// </summary>
    private const string SiloArgs = "--failover fast --capacity 8 --Scheduler:SweepInterval=00:00:00.500 "
        + "--Scheduler:PollInterval=00:00:00.250 --Scheduler:DrainTimeout=00:00:05";

    private static readonly TimeSpan AllTerminalWithin = TimeSpan.FromSeconds(75), PollEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KillEveryMin = TimeSpan.FromSeconds(3), KillEveryMax = TimeSpan.FromSeconds(4.5);

    private readonly LocalCluster _cluster = new();
    private readonly List<string> _kills = [];
    private ClusterApi _api = null!;

    public async Task InitializeAsync()
    {
        // Outside the ephemeral range other tests' servers get their ports from; the script skips ports in use.
        int basePort = Random.Shared.Next(20_000, 26_000);
        _api = await ClusterApi.StartWithGatewayAsync(_cluster, SiloCount, basePort, SiloArgs, gatewayOnly: true);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
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
            // Idempotency keys make a batch safe to send again when a call fails on the way.
            var requests = Enumerable.Range(0, BatchSize)
                .Select(i => SubmitTaskRequest.Create("sleep", new { ms = random.Next(20, 301) }) with { IdempotencyKey = $"b{batch}-{i}" })
                .ToList();
            ids.AddRange(await _api.CallAsync(client => client.SubmitBatchAsync(requests)));
        }
        var submitted = watch.Elapsed;

        var nextKill = watch.Elapsed + KillEveryMin;
        List<TaskInfo> tasks;
        while (true)
        {
            tasks = await _api.AllTasksAsync();
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
        await _api.RefreshAsync();
        var stoppedOnTheirOwn = _api.Processes.Where(p => !p.IsGateway && p.Name != "redis" && p.State == "gone").ToList();
        Assert.True(stoppedOnTheirOwn.Count == 0,
            $"Silos that were not killed stopped on their own (declared dead under load): {string.Join(", ", stoppedOnTheirOwn)}. {Report(tasks, seed)}");
        Assert.Equal(SiloCount, silos.Silos.Count(s => s.Status == SiloState.Active));

        output.WriteLine($"{TaskCount} tasks submitted in {submitted.TotalSeconds:0.0} s, all Succeeded {finished.TotalSeconds:0.0} s after the start; seed {seed}.");
        output.WriteLine($"Kills: {string.Join(", ", _kills)}.");
        output.WriteLine($"The gateway served every call; {_api.Repeats} answer(s) were a 503 or none and were repeated.");
        output.WriteLine($"Failed over: {tasks.Count(t => t.Failovers > 0)} task(s), {tasks.Sum(t => t.Failovers)} failover(s), at most {tasks.Max(t => t.Failovers)} for one task.");
        output.WriteLine($"Silos at the end: {string.Join(", ", silos.Silos.Select(s => $"{s.Id} {s.Status}"))}.");
        _cluster.DeleteStateOnDispose = true;
    }

    private async Task KillOneAndAddOneAsync(Random random, TimeSpan at)
    {
        var live = _api.Processes.Where(p => p.IsLiveSilo).ToList();
        var victim = live[random.Next(live.Count)];
        await _cluster.KillAsync(victim.Name);
        string added = await _cluster.AddAsync();
        _kills.Add($"{victim.Name} at {at.TotalSeconds:0.0} s (replaced by {added})");
        await _api.RefreshAsync();
    }

    /// <summary>
    /// Waits until the table agrees with what the test did: every killed silo declared Dead, every
    /// running silo Active (Orleans' membership table, as /api/silos shows it).
    /// </summary>
    private async Task<SiloList> MembershipSettledAsync()
    {
        var killed = _api.Processes.Where(p => p.State == "killed").Select(p => p.Name).ToHashSet();
        var running = _api.Processes.Where(p => p.IsLiveSilo).Select(p => p.Name).ToHashSet();
        return await Eventually.Until(
            () => _api.CallAsync(client => client.ListSilosAsync()),
            list => list.Silos.Where(s => killed.Contains(s.Name)).All(s => s.Status == SiloState.Dead)
                    && running.All(name => list.Silos.Any(s => s.Name == name && s.Status == SiloState.Active)),
            $"killed silos ({string.Join(", ", killed)}) Dead and running ones ({string.Join(", ", running)}) Active in the membership table",
            TimeSpan.FromSeconds(20));
    }


    /// <summary>What was seen, for failure messages: counts per state, samples, kills, processes and the logs' tails.</summary>
    private string Report(IReadOnlyList<TaskInfo> tasks, int seed)
    {
        var counts = tasks.GroupBy(t => t.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        var stuck = tasks.Where(t => t.Status != TaskState.Succeeded).Take(10)
                         .Select(t => $"{t.Id} {t.Status} attempt {t.Attempt} failovers {t.Failovers} silo {t.Silo} error {t.Error}");
        return $"Seen {tasks.Count} of {TaskCount} tasks: {string.Join(", ", counts)}. Failed over: {tasks.Count(t => t.Failovers > 0)} task(s).\n"
             + $"Not succeeded (first 10): {string.Join("; ", stuck)}\n"
             + $"Kills: {string.Join(", ", _kills)}\nProcesses: {string.Join(", ", _api.Processes)}\nSeed: {seed}; state in {_cluster.StateDirectory}\n"
             + _cluster.LogTails();
    }
}
