using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// The failure detector judges others only when it runs on time itself: a silo that was paused sees
/// every heartbeat as old, and declaring the others dead then would fail healthy silos over.
/// </summary>
public sealed class FailureDetectorTests
{
    private static readonly TimeSpan Beat = TimeSpan.FromSeconds(1), DeadAfter = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _clock = new();
    private readonly InMemoryClusterStore _cluster;
    private readonly InMemoryTaskStore _tasks;
    private readonly FailureDetector _detector;

    public FailureDetectorTests()
    {
        _cluster = new InMemoryClusterStore(_clock);
        _tasks = new InMemoryTaskStore(_clock);
        var options = new SchedulerOptions { HeartbeatInterval = Beat, DeadAfter = DeadAfter };
        _detector = new FailureDetector(_cluster, _tasks, options, Beat, _clock, NullLogger.Instance);
    }

    [Fact]
    public async Task a_detector_running_on_time_declares_a_silo_silent_past_dead_after_dead_and_requeues_its_tasks()
    {
        await JoinAsync("self.1", "quiet.1");
        await _tasks.SubmitAsync([new TaskSubmission { Type = "t" }]);
        var claimed = (await _tasks.ClaimAsync(TaskLimits.DefaultQueue, "quiet.1", 1)).Tasks[0];

        for (int beat = 0; beat < 7; beat++)
        {
            await _detector.DetectAsync("self.1", default);
            _clock.Advance(Beat);
            await _cluster.HeartbeatAsync("self.1", 0);
        }
        await _detector.DetectAsync("self.1", default);

        Assert.Equal(SiloStatus.Dead, (await StatusAsync("quiet.1")));
        var task = await _tasks.GetAsync(claimed.Id);
        Assert.Equal(TaskState.Pending, task!.Status);
        Assert.Equal(1, task.Failovers);
    }

    [Fact]
    public async Task a_detector_that_was_paused_itself_judges_no_one_until_it_runs_on_time_again()
    {
        await JoinAsync("self.1", "peer.1");
        await _detector.DetectAsync("self.1", default);

        // The whole process stalls: nobody beats for longer than DeadAfter.
        _clock.Advance(DeadAfter + Beat);
        await _detector.DetectAsync("self.1", default);
        Assert.Equal(SiloStatus.Active, await StatusAsync("peer.1"));

        // Resumed: the peer beats again within an interval, and stays alive.
        _clock.Advance(Beat);
        await _cluster.HeartbeatAsync("peer.1", 0);
        await _detector.DetectAsync("self.1", default);
        Assert.Equal(SiloStatus.Active, await StatusAsync("peer.1"));
    }

    [Fact]
    public async Task a_paused_detector_still_declares_a_really_dead_silo_once_it_runs_on_time_again()
    {
        await JoinAsync("self.1", "gone.1");
        await _detector.DetectAsync("self.1", default);

        _clock.Advance(DeadAfter + Beat);
        await _detector.DetectAsync("self.1", default);
        _clock.Advance(Beat);
        await _detector.DetectAsync("self.1", default);

        Assert.Equal(SiloStatus.Dead, await StatusAsync("gone.1"));
    }

    [Fact]
    public async Task the_roles_sweep_finishes_a_failover_left_half_done_even_on_its_first_run()
    {
        await JoinAsync("self.1", "gone.1");
        await _tasks.SubmitAsync([new TaskSubmission { Type = "t" }]);
        await _tasks.ClaimAsync(TaskLimits.DefaultQueue, "gone.1", 1);
        _clock.Advance(DeadAfter + Beat);
        // Another silo declared it dead and died before requeuing its tasks.
        Assert.True(await _cluster.DeclareDeadAsync("gone.1", DeadAfter));

        await _detector.DetectAndFinishFailoversAsync("self.1", default);

        var task = (await _tasks.ListAsync(new Storage.TaskQuery())).Tasks.Single();
        Assert.Equal(TaskState.Pending, task.Status);
        Assert.Equal(1, task.Failovers);
        Assert.True((await _cluster.ListAsync()).Single(s => s.Id == "gone.1").FailoverDone);
    }

    private async Task JoinAsync(params string[] ids)
    {
        foreach (string id in ids)
            await _cluster.JoinAsync(new SiloEntry { Id = id, Name = id.Split('.')[0], Status = SiloStatus.Active });
    }

    private async Task<SiloStatus?> StatusAsync(string id) => (await _cluster.ListAsync()).FirstOrDefault(s => s.Id == id)?.Status;
}
