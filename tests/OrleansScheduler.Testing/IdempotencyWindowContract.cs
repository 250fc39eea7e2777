using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with <see cref="TaskSubmission.IdempotencyWindow"/>: each
/// submission's key is remembered for its own window, fixed when the task is stored. Subclassed once per store.
/// </summary>
public abstract class IdempotencyWindowContract : TaskHistoryContractBase
{
    private static TaskSubmission Keyed(string key, TimeSpan? window = null, string payload = "{\"n\":1}") =>
        Echo() with { IdempotencyKey = key, IdempotencyWindow = window, Payload = payload };

    [Fact]
    public async Task a_key_is_remembered_to_the_end_of_its_window_and_forgotten_after()
    {
        var store = await NewStore();
        var first = (await store.SubmitAsync([Keyed("k", TimeSpan.FromSeconds(10))]))[0];

        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(first, (await store.SubmitAsync([Keyed("k")]))[0]);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => store.SubmitAsync([Keyed("k", payload: "{\"n\":2}")]));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = (await store.SubmitAsync([Keyed("k", payload: "{\"n\":2}")]))[0];
        Assert.NotEqual(first, second);
        Assert.Equal(2, (await store.ListAsync(new TaskQuery())).Tasks.Count);
    }

    [Fact]
    public async Task each_submission_has_its_own_window()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Keyed("short", TimeSpan.FromSeconds(5)), Keyed("default"), Keyed("long", TimeSpan.FromDays(30))]);

        Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.NotEqual(ids[0], (await store.SubmitAsync([Keyed("short")]))[0]);
        Assert.Equal(ids[1], (await store.SubmitAsync([Keyed("default")]))[0]);

        Clock.Advance(TaskLimits.DefaultIdempotencyWindow);
        Assert.NotEqual(ids[1], (await store.SubmitAsync([Keyed("default")]))[0]);
        Assert.Equal(ids[2], (await store.SubmitAsync([Keyed("long")]))[0]);
    }

    [Fact]
    public async Task a_repeated_submission_does_not_extend_the_window_of_the_first()
    {
        var store = await NewStore();
        var first = (await store.SubmitAsync([Keyed("k", TimeSpan.FromSeconds(10))]))[0];
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(first, (await store.SubmitAsync([Keyed("k", TimeSpan.FromHours(1))]))[0]);

        Clock.Advance(TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(1));

        Assert.NotEqual(first, (await store.SubmitAsync([Keyed("k")]))[0]);
    }
}
