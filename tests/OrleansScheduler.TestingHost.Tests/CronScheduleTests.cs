using System.Globalization;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using OrleansScheduler.TestingHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>
/// Cron schedules on a cluster (DESIGN.md §7): every silo could fire, only the role holder does, and
/// each tick fires exactly once even when the holder is killed and the role moves.
/// </summary>
public abstract class CronScheduleTests(Action<TestClusterBuilder> useStore, ITestOutputHelper output) : ClusterTestBase(useStore, output)
{
    private const string Queue = "cron";

    [Fact]
    public async Task a_cron_schedule_fired_by_three_silos_fires_once_per_tick_even_when_the_role_holder_is_killed()
    {
        var cluster = await DeployAsync(3, o => o.Queues = [Queue]);
        var created = await Client.Schedules.CreateAsync(new ScheduleDefinition
        {
            Name = "every-second",
            Cron = "* * * * * *",
            Task = new ScheduleTaskTemplate { Type = "quick", Queue = Queue },
        });
        var firstTick = created.NextFireAt!.Value;
        string holder = (await Eventually.Until(() => Client.GetSchedulerRoleHolderAsync(), h => h is not null, "a scheduler role holder", Patience))!;
        await WaitForTicksAsync(t => t.Count >= 3, "3 ticks to fire before the kill");

        await cluster.KillSiloAsync(cluster.FindSilo(holder)!);
        var killedAt = DateTimeOffset.UtcNow;
        await WaitForTicksAsync(t => t.Count > 0 && t[^1].Tick >= killedAt.AddSeconds(3), "ticks to fire for 3 s after the role holder was killed");

        // Every task in the queue is a fired tick's task: a duplicate made by a firer that lost a
        // race, or by the killed holder, would never appear among them. The store is read first,
        // so a tick being fired right now is in the log by the time the log is read.
        var (_, ticks) = await Eventually.Until(async () =>
            {
                var tasks = await Client.TaskStore.ListAsync(new TaskQuery { Queue = Queue, Limit = TaskQuery.MaxLimit });
                return (Ids: tasks.Tasks.Select(t => t.Id).ToList(), Ticks: FiredTicks());
            },
            seen => seen.Ids.All(id => seen.Ticks.Any(t => t.TaskId == id)),
            "every task in the queue to be the task of a fired tick", Patience);

        var expected = Enumerable.Range(0, ticks.Count).Select(i => firstTick.AddSeconds(i)).ToList();
        Assert.Equal(expected, ticks.Select(t => t.Tick));                                  // consecutive seconds: no tick twice, none missing
        Assert.Equal(ticks.Count, ticks.Select(t => t.TaskId).Distinct().Count());          // one task per tick
        Assert.Contains(ticks, t => t.Tick > killedAt.AddSeconds(2));                        // the schedule went on after the kill
        string next = (await Client.GetSchedulerRoleHolderAsync())!;
        Assert.NotEqual(holder, next);
    }

    private Task<IReadOnlyList<FiredTick>> WaitForTicksAsync(Func<IReadOnlyList<FiredTick>, bool> done, string awaited) =>
        Eventually.Until(() => Task.FromResult(FiredTicks()), done, awaited, Patience);

    /// <summary>The ticks the silos logged as fired (the firer that won each tick's compare-and-set), in tick order.</summary>
    private IReadOnlyList<FiredTick> FiredTicks() =>
        [.. Logs.Named("ScheduleFired")
            .Select(e => new FiredTick(DateTimeOffset.Parse(e["Tick"]!, CultureInfo.CurrentCulture), e["TaskId"]!))
            .OrderBy(t => t.Tick)];

    private sealed record FiredTick(DateTimeOffset Tick, string TaskId);
}
