using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Failover;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// The failover backstop compares the owners of Running attempts with a read of the membership: Dead
/// owners lose their work, unlisted ones lose it once their newest claim is older than the read (less
/// the clock margin), and listed live ones keep it.
/// </summary>
public sealed class FailoverBackstopTests
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly InMemoryTaskStore _store;
    private readonly RecordingNotifier _notifier = new();
    private readonly FailoverBackstop _backstop;

    public FailoverBackstopTests()
    {
        _store = new InMemoryTaskStore(_clock);
        _backstop = new FailoverBackstop(_store, new SiloFailover(_store, new SchedulerOptions(), _notifier, NullLogger.Instance));
    }

    private async Task<string> RunningOn(string silo, string queue = "default")
    {
        var id = (await _store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = queue }]))[0];
        Assert.Equal(id, Assert.Single((await _store.ClaimAsync(queue, silo, 1)).Tasks).Id);
        return id;
    }

    private async Task<TaskState> StatusOf(string id) => (await _store.GetAsync(id))!.Status;

    /// <summary>A membership read now, listing <paramref name="listed"/>; every other silo is unlisted.</summary>
    private FakeMembership ReadNow(params (string Silo, SiloLiveness Liveness)[] listed) =>
        new(_clock.GetUtcNow(), listed.ToDictionary(l => l.Silo, l => l.Liveness, StringComparer.Ordinal));

    [Fact]
    public async Task owners_listed_as_dead_lose_their_work_in_every_queue_and_owners_listed_alive_keep_theirs_however_old()
    {
        var alive = await RunningOn("alive");
        var deadHere = await RunningOn("dead");
        var deadThere = await RunningOn("dead", "other");
        _clock.Advance(TimeSpan.FromHours(1));

        var requeued = await _backstop.RunAsync(ReadNow(("alive", SiloLiveness.Alive), ("dead", SiloLiveness.Dead)));

        Assert.Equal(["dead"], requeued);
        Assert.Equal(TaskState.Pending, await StatusOf(deadHere));
        Assert.Equal(TaskState.Pending, await StatusOf(deadThere));
        Assert.Equal(TaskState.Running, await StatusOf(alive));
        Assert.Equal(["default", "other"], _notifier.Queues.Order());
    }

    [Fact]
    public async Task an_unlisted_owner_loses_its_work_only_when_its_newest_claim_is_older_than_the_read_less_the_clock_margin()
    {
        var start = _clock.GetUtcNow();
        var left = await RunningOn("left-long-ago");
        var mixedOld = await RunningOn("claimed-again-lately");
        _clock.Advance(FailoverBackstop.ClockMargin);
        var atMargin = await RunningOn("claimed-at-the-margin");
        _clock.Advance(FailoverBackstop.ClockMargin);
        var mixedNew = await RunningOn("claimed-again-lately");
        var recent = await RunningOn("claimed-just-now");
        Assert.Equal(start + 2 * FailoverBackstop.ClockMargin, _clock.GetUtcNow());

        // Read now: only "left-long-ago" claimed before now - ClockMargin and has nothing newer.
        var requeued = await _backstop.RunAsync(ReadNow());

        Assert.Equal(["left-long-ago"], requeued);
        Assert.Equal(TaskState.Pending, await StatusOf(left));
        foreach (string kept in new[] { mixedOld, atMargin, mixedNew, recent }) Assert.Equal(TaskState.Running, await StatusOf(kept));
    }

    [Fact]
    public async Task several_gone_owners_are_requeued_and_returned_sorted()
    {
        var zulu = await RunningOn("zulu");
        var alpha = await RunningOn("alpha", "other");
        var mike = await RunningOn("mike");
        _clock.Advance(TimeSpan.FromMinutes(1));

        var requeued = await _backstop.RunAsync(ReadNow(("zulu", SiloLiveness.Dead), ("mike", SiloLiveness.Dead)));

        Assert.Equal(["alpha", "mike", "zulu"], requeued);
        foreach (string id in new[] { zulu, alpha, mike }) Assert.Equal(TaskState.Pending, await StatusOf(id));
    }

    [Fact]
    public async Task with_every_owner_alive_nothing_is_requeued_and_no_one_is_woken()
    {
        var id = await RunningOn("alive");
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await _backstop.RunAsync(ReadNow(("alive", SiloLiveness.Alive))));
        Assert.Equal(TaskState.Running, await StatusOf(id));
        Assert.Empty(_notifier.Queues);
    }

    private sealed class FakeMembership(DateTimeOffset readAt, IReadOnlyDictionary<string, SiloLiveness> listed) : IMembershipView
    {
        public DateTimeOffset ReadAt => readAt;

        public SiloLiveness Liveness(string siloId) => listed.GetValueOrDefault(siloId, SiloLiveness.Unlisted);
    }
}
