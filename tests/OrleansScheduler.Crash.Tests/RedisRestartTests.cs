using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Redis killed with SIGKILL under load and started again on the same port and directory, with its append-only
/// file on: three silo processes and a gateway-only process keep running (the same pids), reconnect by themselves,
/// and Orleans' membership, which lives in the same Redis, recovers. A client submits through the gateway all along,
/// retrying with the same idempotency key until it is answered 2xx.
/// </summary>
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const int SiloCount = 3;

    /// <summary>
    /// Orleans' default failure detection, not the fast profile: no silo dies here, and 0.25–0.5 s probes declared a silo
    /// dead that stalled for 2 s as Redis was killed, on a machine this loaded (docs/redis-faults.md).
    /// </summary>
    private const string SiloArgs = "--capacity 8 --Scheduler:SweepInterval=00:00:00.500 "
        + "--Scheduler:PollInterval=00:00:00.250 --Scheduler:DrainTimeout=00:00:05";

    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(2.5), KilledFor = TimeSpan.FromSeconds(1.5),
        LoadAfterRestart = TimeSpan.FromSeconds(2), AllTerminalWithin = TimeSpan.FromSeconds(45);

    /// <summary>
    /// With <c>appendfsync everysec</c> Redis may lose what it acknowledged in about the last second before a crash; the test
    /// allows two. A killed process usually loses nothing: Redis writes the AOF before it replies, and the kernel keeps what
    /// was written; the window opens fully when the machine fails, or when a slow disk makes Redis postpone its writes.
    /// </summary>
    private static readonly TimeSpan EverysecWindow = TimeSpan.FromSeconds(2);

    [Fact]
    public Task with_appendfsync_always_every_acknowledged_task_survives_a_redis_kill_and_succeeds_once_without_restarting_a_silo() =>
        RestartUnderLoadAsync("always", run => Assert.True(run.Lost.Count == 0,
            $"{run.Lost.Count} acknowledged submission(s) vanished with appendfsync always: {string.Join(", ", run.Lost.Take(10))}. {run.Report}"));

    [Fact]
    public Task with_appendfsync_everysec_a_redis_kill_loses_at_most_the_submissions_acknowledged_in_the_last_two_seconds() =>
        RestartUnderLoadAsync("everysec", run =>
        {
            var lostEarly = run.Lost.Where(a => run.KilledAt - a.At > EverysecWindow).ToList();
            Assert.True(lostEarly.Count == 0,
                $"{lostEarly.Count} submission(s) acknowledged more than {EverysecWindow.TotalSeconds} s before the kill vanished: "
                + $"{string.Join(", ", lostEarly.Take(10))}. {run.Report}");
            var window = run.Lost.Count == 0 ? TimeSpan.Zero : run.KilledAt - run.Lost.Min(a => a.At);
            output.WriteLine($"appendfsync everysec: {run.Lost.Count} of {run.Acknowledged} acknowledged submission(s) lost; "
                + $"the oldest lost one was acknowledged {window.TotalMilliseconds:0} ms before the kill.");
        });

    /// <summary>What one run saw: the acknowledged submissions Redis no longer had after its restart, and when the kill came.</summary>
    private sealed record Run(IReadOnlyList<SubmissionLoad.Acknowledgement> Lost, int Acknowledged, TimeSpan KilledAt, string Report);

    /// <summary>
    /// Starts Redis with <paramref name="appendfsync"/>, the cluster on it, the load; kills Redis, restarts it, and checks
    /// everything but loss: the acknowledged tasks Redis still has all Succeeded once, no submission was doubled, every
    /// process kept its pid, and membership recovered with a task running on every silo; then <paramref name="checkLoss"/>.
    /// The cluster stops before Redis does, so its silos can leave the membership table.
    /// </summary>
    private async Task RestartUnderLoadAsync(string appendfsync, Action<Run> checkLoss)
    {
        var redis = new RedisServer { Options = new() { Arguments = ["--appendonly", "yes", "--appendfsync", appendfsync] } };
        await redis.InitializeAsync();
        var cluster = new LocalCluster();
        try
        {
            using var api = await ClusterApi.StartWithGatewayAsync(cluster, SiloCount, Random.Shared.Next(20_000, 26_000), SiloArgs,
                gatewayOnly: true, redis: $"127.0.0.1:{redis.Port}");
            var before = api.Processes.ToDictionary(p => p.Name, p => p.Pid);
            var gateway = api.Processes.Single(p => p.IsGateway);

            await using var load = new SubmissionLoad(gateway.Api, $"aof-{appendfsync}", loops: 4);
            load.Start();
            await Eventually.Until(() => Task.FromResult(load.Now), now => now >= LoadBeforeKill, "the load's first seconds");
            var killedAt = load.Now;
            await redis.KillAsync();
            // The outage itself: how long Redis stays down, not a wait for a condition.
            await Task.Delay(KilledFor);
            await redis.RestartAsync();
            var restartedAt = load.Now;
            await Eventually.Until(() => Task.FromResult(load.Now), now => now >= restartedAt + LoadAfterRestart, "the load's seconds after the restart");
            await load.StopAsync();
            var stoppedAt = load.Now;
            var acknowledged = load.Acknowledged;
            double ratePerSecond = acknowledged.Count(a => a.At < killedAt) / killedAt.TotalSeconds;
            var times = acknowledged.Select(a => a.At).Order().ToList();
            var longestSilence = times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();

            var tasks = await AllTerminalAsync(api, acknowledged, cluster);
            var byId = tasks.ToDictionary(t => t.Id);
            var lost = acknowledged.Where(a => !byId.ContainsKey(a.Id)).ToList();
            var report = $"Acknowledged {acknowledged.Count}, kill at {killedAt.TotalSeconds:0.0} s, Redis back at {restartedAt.TotalSeconds:0.0} s; "
                + $"refusals retried: {Describe(load.Refusals)}; lost {lost.Count}.\n{cluster.LogTails()}";

            var notOnce = acknowledged.Where(a => byId.TryGetValue(a.Id, out var t) && !(t.Status == TaskState.Succeeded && t.Attempt == 1))
                                      .Select(a => $"{a.Id} {byId[a.Id].Status} attempt {byId[a.Id].Attempt}").ToList();
            Assert.True(notOnce.Count == 0, $"Acknowledged tasks that did not succeed on their first and only attempt: {string.Join("; ", notOnce.Take(10))}. {report}");
            Assert.True(tasks.Count == acknowledged.Count - lost.Count,
                $"Redis holds {tasks.Count} tasks for {acknowledged.Count - lost.Count} acknowledged submissions it kept: a retried submission was doubled. {report}");
            await ExactlyOneEndEachAsync(api, acknowledged.Where(a => byId.ContainsKey(a.Id)).Select(a => a.Id).Take(200), report);

            await api.RefreshAsync();
            var after = api.Processes.ToDictionary(p => p.Name, p => p.Pid);
            Assert.True(api.Processes.All(p => p.State == "running") && before.All(p => after.GetValueOrDefault(p.Key) == p.Value),
                $"Every silo and the gateway should have kept running in the same process: before {Describe(before)}, after {string.Join(", ", api.Processes)}. {report}");
            await MembershipRecoveredAsync(api, report);

            output.WriteLine($"appendfsync {appendfsync}: {acknowledged.Count} submissions acknowledged in {stoppedAt.TotalSeconds:0.0} s "
                + $"({ratePerSecond:0} per second before the kill); Redis killed at {killedAt.TotalSeconds:0.0} s, answering again at "
                + $"{restartedAt.TotalSeconds:0.0} s; no submission acknowledged for {longestSilence.TotalSeconds:0.0} s at most; "
                + $"refusals retried: {Describe(load.Refusals)}; {lost.Count} lost; every kept one Succeeded once.");
            checkLoss(new Run(lost, acknowledged.Count, killedAt, report));
            cluster.DeleteStateOnDispose = true;
        }
        finally
        {
            await cluster.DisposeAsync();
            await redis.DisposeAsync();
        }
    }

    /// <summary>Waits until every task of the load's queue is terminal (those Redis lost excepted), and returns them.</summary>
    private static async Task<List<TaskInfo>> AllTerminalAsync(ClusterApi api, IReadOnlyList<SubmissionLoad.Acknowledgement> acknowledged, LocalCluster cluster)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var tasks = await api.AllTasksAsync();
            if (tasks.All(t => t.Status.IsTerminal())) return tasks;
            if (watch.Elapsed > AllTerminalWithin)
            {
                var counts = tasks.GroupBy(t => t.Status).Select(g => $"{g.Key} {g.Count()}");
                Assert.Fail($"Not every task was terminal {AllTerminalWithin.TotalSeconds} s after the load stopped: {string.Join(", ", counts)} "
                    + $"of {acknowledged.Count} acknowledged.\n{cluster.LogTails()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // the polling interval of this wait
        }
    }


    /// <summary>Each task's events hold exactly one move into a terminal state: none ended twice, e.g. by an outcome applied again after the restart.</summary>
    private static async Task ExactlyOneEndEachAsync(ClusterApi api, IEnumerable<string> ids, string report)
    {
        foreach (string id in ids)
        {
            var events = await api.CallAsync(client => client.GetTaskEventsAsync(id)) ?? [];
            int ends = events.Count(e => e.To is { } to && to.IsTerminal());
            Assert.True(ends == 1, $"Task {id} moved into a terminal state {ends} times: {string.Join(", ", events.Select(e => $"{e.From}->{e.To}"))}. {report}");
        }
    }

    /// <summary>Every silo Active in the membership table again, and a task pinned to each one runs there.</summary>
    private static async Task MembershipRecoveredAsync(ClusterApi api, string report)
    {
        var silos = api.Processes.Where(p => p.IsLiveSilo).Select(p => p.Name).ToList();
        await Eventually.Until(
            () => api.CallAsync(client => client.ListSilosAsync()),
            list => silos.All(name => list.Silos.Any(s => s.Name == name && s.Status == SiloState.Active)),
            $"every silo ({string.Join(", ", silos)}) Active in the membership table after the restart", TimeSpan.FromSeconds(20));
        var pinned = new Dictionary<string, string>();
        foreach (string silo in silos)
        {
            var request = SubmitTaskRequest.Create("sleep", new { ms = 1 }) with
            {
                IdempotencyKey = $"pinned-{silo}",
                Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = silo },
            };
            pinned[silo] = (await api.CallAsync(client => client.SubmitAsync(request))).Id;
        }
        foreach (var (silo, id) in pinned)
        {
            var task = await Eventually.Until(() => api.CallAsync(client => client.GetAsync(id)), t => t?.Status.IsTerminal() == true,
                $"the task pinned to {silo} to end", TimeSpan.FromSeconds(20));
            Assert.True(task!.Status == TaskState.Succeeded, $"The task pinned to {silo} ended {task.Status} ({task.Error}). {report}");
        }
    }

    private static string Describe<TValue>(IReadOnlyDictionary<string, TValue> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values.Select(v => $"{v.Key} {v.Value}"));
}
