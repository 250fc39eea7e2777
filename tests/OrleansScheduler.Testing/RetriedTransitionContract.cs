using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with a transition made again because its reply was lost (a dropped connection, a
/// timeout): a claim retried with its request id gets back what the first try claimed and claims nothing new; an
/// outcome stored twice is recorded once. Subclassed once per store.
/// </summary>
public abstract class RetriedTransitionContract : TaskHistoryContractBase
{
    private static ClaimRequest Request(string id, int max = 2, string silo = Silo) => new("default", silo, max) { RequestId = id };

    [Fact]
    public async Task a_claim_retried_after_its_reply_was_lost_returns_the_tasks_the_first_try_claimed()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var first = await store.ClaimAsync(Request("r-1"));

        var retried = await store.ClaimAsync(Request("r-1"));

        Assert.Equal(first.Tasks.Select(t => (t.Id, t.Token, t.Attempt)), retried.Tasks.Select(t => (t.Id, t.Token, t.Attempt)));
        Assert.Equal([ids[0], ids[1]], retried.Tasks.Select(t => t.Id));
        Assert.Equal(TaskState.Pending, (await store.GetAsync(ids[2]))!.Status); // nothing new was claimed
        Assert.Equal(2, (await AllEvents(store)).Count(e => e.Type == TaskEventTypes.Started));
        Assert.Equal(ids[2], Assert.Single((await store.ClaimAsync(Request("r-2"))).Tasks).Id);
    }

    [Fact]
    public async Task a_retried_claim_returns_only_the_tasks_still_running_under_their_token_on_that_silo()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo()]);
        var first = await store.ClaimAsync(Request("r-1"));
        await Complete(store, first.Tasks[0]);

        var retried = await store.ClaimAsync(Request("r-1"));
        var elsewhere = await store.ClaimAsync(Request("r-1", silo: "silo-b"));

        Assert.Equal([first.Tasks[1].Id], retried.Tasks.Select(t => t.Id));
        Assert.Empty(elsewhere.Tasks);
    }

    [Fact]
    public async Task a_claim_request_that_claimed_nothing_claims_afresh_when_retried()
    {
        var store = await NewStore();
        Assert.Empty((await store.ClaimAsync(Request("r-1"))).Tasks);
        var id = (await store.SubmitAsync([Echo()]))[0];

        Assert.Equal(id, Assert.Single((await store.ClaimAsync(Request("r-1"))).Tasks).Id);
    }

    [Fact]
    public async Task a_completion_stored_twice_is_recorded_once()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        Assert.Equal([OutcomeResult.Accepted], await Complete(store, claimed, "{\"ok\":1}"));

        Assert.Equal([OutcomeResult.AlreadyRecorded], await Complete(store, claimed, "{\"ok\":1}"));

        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Equal((TaskState.Succeeded, "{\"ok\":1}", 1), (task.Status, task.Result, task.Attempt));
        Assert.Single(await AllEvents(store), e => e.Type == TaskEventTypes.Succeeded);
        Assert.Single((await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task a_retryable_failure_stored_twice_schedules_one_retry()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        Assert.Equal([OutcomeResult.Accepted], await Fail(store, claimed));
        var scheduled = (await store.GetAsync(claimed.Id))!;

        Assert.Equal([OutcomeResult.AlreadyRecorded], await Fail(store, claimed));

        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Equal((TaskState.Scheduled, 1, scheduled.RunAt), (task.Status, task.Attempt, task.RunAt));
        Assert.Single(await AllEvents(store), e => e.Type == TaskEventTypes.Retrying);
        // another error is another outcome: not this one repeated
        Assert.Equal([OutcomeResult.NotRunning], await Fail(store, claimed, "other"));
    }

    [Fact]
    public async Task a_final_failure_stored_twice_is_recorded_once_and_a_completion_after_it_is_still_rejected()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        Assert.Equal([OutcomeResult.Accepted], await Fail(store, claimed, retryable: false));

        Assert.Equal([OutcomeResult.AlreadyRecorded], await Fail(store, claimed, retryable: false));
        Assert.Equal([OutcomeResult.NotRunning], await Complete(store, claimed));

        Assert.Equal(TaskState.Failed, (await store.GetAsync(claimed.Id))!.Status);
        Assert.Single(await AllEvents(store), e => e.Type == TaskEventTypes.Failed);
    }

    [Fact]
    public async Task an_outcome_of_an_attempt_that_timed_out_is_rejected_not_taken_for_a_repeat()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(claimed.Timeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));

        Assert.Equal([OutcomeResult.NotRunning], await Fail(store, claimed, "late"));
    }
}
