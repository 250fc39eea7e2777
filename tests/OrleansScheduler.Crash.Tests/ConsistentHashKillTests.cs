using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Routing;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// Consistent hashing when a key's owner crashes (DESIGN.md §7, §10): three silo processes on one
/// redis-server, <c>sleep</c> tasks over 20 keys submitted through a silo that survives, and the silo owning
/// the most keys killed with SIGKILL while some of its tasks run and more wait in its ready set. Rendezvous
/// hashing weighs silos by name, so the test knows each key's owner before and after the kill. Every task
/// ends Succeeded exactly once; each of the dead silo's keys runs on exactly one other silo afterwards (its
/// rendezvous owner among the survivors), and every other key stays on its silo throughout.
/// </summary>
public sealed class ConsistentHashKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int KeyCount = 20, TasksPerKey = 6, SleepMs = 200;

    /// <summary>Four slots a silo, so each silo's share takes a couple of seconds and most of the victim's tasks still wait when it dies.</summary>
    private const string SiloArgs = "--failover fast --capacity 4 --Scheduler:PollInterval=00:00:00.250 --Scheduler:DrainTimeout=00:00:01";

    private static readonly string[] Names = ["silo-1", "silo-2", "silo-3"];
    private static readonly string[] Keys = [.. Enumerable.Range(0, KeyCount).Select(k => $"customer-{k}")];
    private static readonly TimeSpan AllSucceededWithin = TimeSpan.FromSeconds(30), PollEvery = TimeSpan.FromMilliseconds(50);

    private readonly LocalCluster _cluster = new();
    private ClusterApi _api = null!;

    public async Task InitializeAsync()
    {
        // The gateway build too, though no gateway runs: without one the script spends half a minute building it.
        var tests = typeof(ConsistentHashKillTests).Assembly;
        await _cluster.StartAsync(Names.Length, Random.Shared.Next(32_000, 35_000), SiloArgs, _cluster.SiloBuildOf(tests), _cluster.GatewayBuildOf(tests));
        _api = new ClusterApi(_cluster);
        await _api.RefreshAsync();
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task each_key_of_a_silo_killed_with_sigkill_moves_to_exactly_one_other_silo_and_every_task_succeeds_once()
    {
        var ownerBefore = Keys.ToDictionary(k => k, k => OwnerOf(k, Names));
        string victim = ownerBefore.Values.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        string[] survivors = [.. Names.Where(n => n != victim)];
        var ownerAfter = Keys.ToDictionary(k => k, k => OwnerOf(k, survivors));
        var victimKeys = Keys.Where(k => ownerBefore[k] == victim).ToHashSet();
        var avoidVictim = new HashSet<string> { victim };
        var silos = await _api.CallAsync(client => client.ListSilosAsync(), avoidVictim);
        var idOf = Names.ToDictionary(n => n, n => silos.Silos.Single(s => s.Name == n && s.Status == SiloState.Active).Id);
        string victimId = idOf[victim];

        await SubmitterKnowsEverySiloAsync(ownerBefore, idOf, avoidVictim);
        var keyOf = new Dictionary<string, string>();
        var requests = Enumerable.Range(0, KeyCount * TasksPerKey)
            .Select(i => (Key: Keys[i % KeyCount], Request: Sleep(Keys[i % KeyCount], $"hash-{i}")))
            .ToList();
        var ids = await _api.CallAsync(client => client.SubmitBatchAsync([.. requests.Select(r => r.Request)]), avoidVictim);
        for (int i = 0; i < ids.Count; i++) keyOf[ids[i]] = requests[i].Key;

        var atKill = await Eventually.Until(
            () => ListAsync(keyOf.Keys, avoidVictim),
            tasks => tasks.Any(t => t.Status == TaskState.Running && t.Silo == victimId),
            $"a task Running on {victim}", TimeSpan.FromSeconds(20));
        Assert.All(atKill, t => Assert.Equal(idOf[ownerBefore[keyOf[t.Id]]], t.RoutedTo));
        var waiting = atKill.Where(t => t.Status == TaskState.Pending && t.RoutedTo == victimId).Select(t => t.Id).ToHashSet();
        Assert.True(waiting.Count > 0, $"No task waited in {victim}'s ready set when it was to be killed: {Describe(atKill)}");

        var sinceKill = Stopwatch.StartNew(); // from just before the SIGKILL is sent
        var killedAt = DateTimeOffset.UtcNow;
        await _cluster.KillAsync(victim);
        await _api.RefreshAsync();
        // Tasks of the dead silo's keys submitted after the kill, most likely before Orleans declared it dead.
        var later = Keys.Where(victimKeys.Contains).Select(k => (Key: k, Request: Sleep(k, $"later-{k}"))).ToList();
        var laterIds = await _api.CallAsync(client => client.SubmitBatchAsync([.. later.Select(r => r.Request)]), avoidVictim);
        for (int i = 0; i < laterIds.Count; i++) keyOf[laterIds[i]] = later[i].Key;

        TimeSpan? firstWaitingStarted = null;
        List<TaskInfo> tasks;
        while (true)
        {
            tasks = await ListAsync(keyOf.Keys, avoidVictim);
            if (firstWaitingStarted is null && tasks.Any(t => waiting.Contains(t.Id) && t.Silo is { } silo && silo != victimId)) firstWaitingStarted = sinceKill.Elapsed;
            if (tasks.All(t => t.Status.IsTerminal())) break;
            Assert.True(sinceKill.Elapsed < AllSucceededWithin,
                $"Not every task was terminal {AllSucceededWithin.TotalSeconds} s after {victim} was killed: {Describe(tasks)}\n{_cluster.LogTails()}");
            await Task.Delay(PollEvery); // the polling interval of this wait and measurement, not a wait for something to happen
        }
        var allDone = sinceKill.Elapsed;

        Assert.True(tasks.All(t => t.Status == TaskState.Succeeded), $"Every task should have Succeeded: {Describe(tasks)}\n{_cluster.LogTails()}");
        var firstStart = DateTimeOffset.MaxValue;
        foreach (var task in tasks)
        {
            string key = keyOf[task.Id];
            var attempts = await _api.CallAsync(client => client.GetAttemptsAsync(task.Id), avoidVictim) ?? throw new InvalidOperationException($"task {task.Id} has no attempts");
            string attemptsSeen = string.Join(", ", attempts.Select(a => $"#{a.Number} {a.Outcome} on {a.Silo}"));
            var succeeded = attempts.Where(a => a.Outcome == TaskAttemptOutcomes.Succeeded).ToList();
            Assert.True(succeeded.Count == 1 && succeeded[0].Silo == task.Silo, $"{task.Id} (key {key}) should have one succeeded attempt, on {task.Silo}: {attemptsSeen}");
            if (victimKeys.Contains(key))
            {
                // Before the kill on the victim, after it on the key's one new owner.
                Assert.True(task.Silo == victimId || task.Silo == idOf[ownerAfter[key]],
                    $"{task.Id} of the killed {victim}'s key {key} ran on {task.Silo}, neither {victim} nor the key's new owner {ownerAfter[key]}: {attemptsSeen}");
                Assert.All(attempts, a => Assert.True(a.Silo == victimId || a.Silo == idOf[ownerAfter[key]], $"{task.Id} (key {key}): {attemptsSeen}"));
                if (waiting.Contains(task.Id) && task.Silo != victimId && succeeded[0].StartedAt < firstStart) firstStart = succeeded[0].StartedAt;
            }
            else
            {
                Assert.All(attempts, a => Assert.True(a.Silo == idOf[ownerBefore[key]],
                    $"{task.Id} of key {key}, owned by the surviving {ownerBefore[key]}, had an attempt elsewhere: {attemptsSeen}"));
            }
        }
        foreach (string key in victimKeys)
        {
            var elsewhere = tasks.Where(t => keyOf[t.Id] == key && t.Silo != victimId).Select(t => t.Silo).Distinct().ToList();
            Assert.True(elsewhere.Count == 1, $"the killed {victim}'s key {key} should have run on exactly one other silo after the kill, not on [{string.Join(", ", elsewhere)}]");
        }

        Assert.True(firstStart != DateTimeOffset.MaxValue, $"None of the {waiting.Count} tasks waiting for {victim} ran on another silo: {Describe(tasks)}");

        var moved = victimKeys.GroupBy(k => ownerAfter[k]).Select(g => $"{g.Count()} to {g.Key}");
        output.WriteLine($"{victim} owned {victimKeys.Count} of {KeyCount} keys and was killed with {waiting.Count} of its tasks waiting in its ready set; its keys moved {string.Join(", ", moved)}.");
        output.WriteLine($"The first of those waiting tasks started on another silo {(firstStart - killedAt).TotalSeconds:0.00} s after the SIGKILL "
            + $"(its attempt's start in the store; seen by polling at {firstWaitingStarted?.TotalSeconds:0.00} s); all {tasks.Count} tasks Succeeded {allDone.TotalSeconds:0.0} s after the kill; "
            + $"{tasks.Count(t => t.Failovers > 0)} failed over from {victim}; {_api.Repeats} call(s) repeated after a 503 or no answer.");
        _cluster.DeleteStateOnDispose = true;
    }

    /// <summary>
    /// Waits until the silo the test submits through routes each key to its owner over all three silos: its
    /// snapshot has every silo's load (a silo counts as serving nothing until its load arrives). Each probe is one
    /// <c>echo</c> task per key.
    /// </summary>
    private async Task SubmitterKnowsEverySiloAsync(Dictionary<string, string> owners, Dictionary<string, string> idOf, IReadOnlySet<string> avoid)
    {
        int round = 0;
        await Eventually.Until(async () =>
            {
                round++;
                var probes = Keys.Select(k => SubmitTaskRequest.Create("echo", k) with { Routing = ByKey(k), IdempotencyKey = $"probe-{round}-{k}" }).ToList();
                var ids = await _api.CallAsync(client => client.SubmitBatchAsync(probes), avoid);
                var routed = await ListAsync(ids, avoid);
                return routed.Select(t => (Key: t.Payload.GetString()!, t.RoutedTo)).ToList();
            },
            routed => routed.All(r => r.RoutedTo == idOf[owners[r.Key]]),
            $"each key's probe routed to its owner over {string.Join(", ", Names)} ({string.Join(", ", idOf.Select(p => $"{p.Key} = {p.Value}"))})",
            TimeSpan.FromSeconds(15));
    }

    /// <summary>The key's rendezvous owner among <paramref name="names"/>: the silos' names are what it weighs them by.</summary>
    private static string OwnerOf(string key, IReadOnlyList<string> names) =>
        RendezvousHash.Owner(key, [.. names.Select(n => new SiloView(n, n, true, 4, 0, [TaskLimits.DefaultQueue], new Dictionary<string, string>(), true))])!.Name;

    private static TaskRouting ByKey(string key) => new() { Strategy = RoutingStrategy.ConsistentHash, Key = key };

    private static SubmitTaskRequest Sleep(string key, string idempotencyKey) =>
        SubmitTaskRequest.Create("sleep", new { ms = SleepMs }) with { Routing = ByKey(key), IdempotencyKey = idempotencyKey };

    /// <summary>The tasks among <paramref name="ids"/>, read through the store's listing (no task grain, which may live on the dead silo).</summary>
    private async Task<List<TaskInfo>> ListAsync(IEnumerable<string> ids, IReadOnlySet<string> avoid)
    {
        var wanted = ids.ToHashSet();
        var found = new List<TaskInfo>(wanted.Count);
        string? cursor = null;
        do
        {
            var page = await _api.CallAsync(client => client.ListAsync(new TaskListQuery { Limit = 1000, Cursor = cursor }), avoid);
            found.AddRange(page.Tasks.Where(t => wanted.Contains(t.Id)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return found;
    }

    private static string Describe(IReadOnlyList<TaskInfo> tasks) =>
        string.Join(", ", tasks.GroupBy(t => t.Status).Select(g => $"{g.Key} {g.Count()}"))
        + "; first not succeeded: " + string.Join("; ", tasks.Where(t => t.Status != TaskState.Succeeded).Take(8).Select(t => $"{t.Id} {t.Status} on {t.Silo} routed to {t.RoutedTo}"));
}
