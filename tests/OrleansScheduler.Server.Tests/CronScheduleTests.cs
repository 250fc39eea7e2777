using System.Globalization;
using OrleansScheduler.Grains;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// Cron schedules on a cluster (DESIGN.md §2): the scheduler grain fires them, and each tick fires exactly
/// once even when the silo the grain runs on is killed and the grain starts again on another.
/// </summary>
public abstract class CronScheduleTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    private const string Queue = "cron";

    [Fact]
    public async Task a_cron_schedule_fires_once_per_tick_even_when_the_scheduler_grains_silo_is_killed()
    {
        var cluster = await DeployAsync(3, o => o.Queues = [Queue]);
        var created = await Client.GetGrain<IScheduleGrain>("every-second").CreateAsync(new ScheduleDefinition
        {
            Name = "every-second",
            Cron = "* * * * * *",
            Task = new ScheduleTaskTemplate { Type = "quick", Queue = Queue },
        });
        var firstTick = created.NextFireAt!.Value;
        string host = await Client.GetGrain<ISchedulerGrain>(0).GetHostAsync();
        await WaitForTicksAsync(t => t.Count >= 3, "3 ticks to fire before the kill");

        await cluster.KillSiloAsync(cluster.FindSilo(host));
        var killedAt = DateTimeOffset.UtcNow;
        await WaitForTicksAsync(t => t.Count > 0 && t[^1].Tick >= killedAt.AddSeconds(3), "ticks to fire for 3 s after the scheduler grain's silo was killed");

        // Every task in the queue is a fired tick's task: a duplicate made by a firer that lost a race, or by
        // the killed silo's activation, would never appear among them. The store is read first, so a tick
        // being fired right now is in the log by the time the log is read.
        var (_, ticks) = await Eventually.Until(async () =>
            {
                var tasks = await Storage.Tasks.ListAsync(new TaskQuery { Queue = Queue, Limit = TaskQuery.MaxLimit });
                return (Ids: tasks.Tasks.Select(t => t.Id).ToList(), Ticks: FiredTicks());
            },
            seen => seen.Ids.All(id => seen.Ticks.Any(t => t.TaskId == id)),
            "every task in the queue to be the task of a fired tick", Patience);

        var expected = Enumerable.Range(0, ticks.Count).Select(i => firstTick.AddSeconds(i)).ToList();
        Assert.Equal(expected, ticks.Select(t => t.Tick));                                  // consecutive seconds: no tick twice, none missing
        Assert.Equal(ticks.Count, ticks.Select(t => t.TaskId).Distinct().Count());          // one task per tick
        Assert.Contains(ticks, t => t.Tick > killedAt.AddSeconds(2));                        // the schedule went on after the kill
        Assert.NotEqual(host, await Client.GetGrain<ISchedulerGrain>(0).GetHostAsync());
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
