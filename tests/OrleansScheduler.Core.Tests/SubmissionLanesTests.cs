using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Submissions;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// The submitter's grouping: small submissions to one queue that arrive while a store call is in flight
/// share the next call, and each caller still gets exactly its own tasks; the rest go on their own.
/// </summary>
public sealed class SubmissionLanesTests
{
    /// <summary>Counts the store's submit calls and holds the first until the test lets it go; may call every queue idle.</summary>
    private sealed class GatedStore(bool everyQueueIdle = false) : DelegatingTaskStore(new InMemoryTaskStore())
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Open() => _open.TrySetResult();

        public override async Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == 1) await _open.Task;
            var stored = await base.SubmitAsync(tasks, cancellationToken);
            return everyQueueIdle ? new SubmittedTasks(stored, [tasks[0].Queue]) : stored;
        }
    }

    private static TaskSubmission Echo(int n, int k) => new() { Type = "echo", Payload = $"{{\"n\":{n},\"k\":{k}}}" };

    [Fact]
    public async Task submissions_that_arrive_while_a_call_is_in_flight_share_the_next_call_and_each_gets_its_own_tasks()
    {
        var store = new GatedStore();
        var lanes = new SubmissionLanes(store);
        var submissions = Enumerable.Range(0, 100).Select(n => Enumerable.Range(0, n % 3 + 1).Select(k => Echo(n, k)).ToList()).ToList();

        var first = lanes.SubmitAsync(submissions[0]);
        await Eventually.Until(() => Task.FromResult(store.Calls), calls => calls == 1, "the first call to reach the store");
        var rest = submissions.Skip(1).Select(s => lanes.SubmitAsync(s)).ToList();
        store.Open();
        var ids = await Task.WhenAll(rest.Prepend(first));

        for (int n = 0; n < submissions.Count; n++)
        {
            Assert.Equal(submissions[n].Count, ids[n].Count);
            for (int k = 0; k < ids[n].Count; k++) Assert.Equal(submissions[n][k].Payload, (await store.GetAsync(ids[n][k]))!.Payload);
        }
        Assert.Equal(ids.Sum(i => i.Count), ids.SelectMany(i => i).Distinct().Count());
        Assert.Equal(2, store.Calls); // the first alone, then everything that queued behind it
        Assert.Equal(["default"], ids[0].IdleQueues);
    }

    [Fact]
    public async Task a_call_shared_by_many_names_its_idle_queues_to_one_caller_only()
    {
        var store = new GatedStore(everyQueueIdle: true);
        var lanes = new SubmissionLanes(store);
        var first = lanes.SubmitAsync([Echo(0, 0)]);
        await Eventually.Until(() => Task.FromResult(store.Calls), calls => calls == 1, "the first call to reach the store");
        // the first call is held; these queue up and share the second call
        var shared = Enumerable.Range(1, 5).Select(n => lanes.SubmitAsync([Echo(n, 0)])).ToList();
        store.Open();
        await first;

        var answers = await Task.WhenAll(shared);
        Assert.Equal(2, store.Calls);
        Assert.Equal(["default"], Assert.Single(answers, a => a.IdleQueues.Count > 0).IdleQueues);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("key")]
    [InlineData("queues")]
    [InlineData("large")]
    public void submissions_that_a_call_could_refuse_or_that_are_a_batch_already_do_not_share(string kind)
    {
        IReadOnlyList<TaskSubmission> tasks = kind switch
        {
            "id" => [Echo(0, 0) with { Id = "chosen" }],
            "key" => [Echo(0, 0) with { IdempotencyKey = "k" }],
            "queues" => [Echo(0, 0), Echo(0, 1) with { Queue = "other" }],
            _ => [.. Enumerable.Range(0, SubmissionLanes.MaxSharedSubmission + 1).Select(k => Echo(0, k))],
        };

        Assert.False(SubmissionLanes.CanShare(tasks));
        Assert.True(SubmissionLanes.CanShare([Echo(0, 0), Echo(0, 1)]));
    }

    [Fact]
    public async Task a_refusal_reaches_the_submitter_whose_submission_could_be_refused()
    {
        var lanes = new SubmissionLanes(new InMemoryTaskStore());
        await lanes.SubmitAsync([Echo(0, 0) with { Id = "taken" }]);

        await Assert.ThrowsAsync<TaskAlreadyExistsException>(() => lanes.SubmitAsync([Echo(1, 0) with { Id = "taken" }]));
    }
}
