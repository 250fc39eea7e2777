using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OrleansScheduler.Handlers;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// The worker engine against a store whose calls fail as a dropped connection or a timeout makes them fail: before
/// they reach it, or after they ran with the reply lost. No task is lost, none runs twice, none waits for its timeout.
/// </summary>
public sealed class LostRepliesTests : IDisposable
{
    private static readonly TimeSpan LongTimeout = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly SchedulerMetrics _metrics;

    public LostRepliesTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new SchedulerMetrics(_meters, WorkerHarness.DefaultSiloId);
    }

    public void Dispose() => _services.Dispose();

    private WorkerHarness Start(ITaskStore store, TimeSpan? drainTimeout = null) =>
        WorkerHarness.Start(o =>
        {
            o.Capacity = 4;
            if (drainTimeout is { } drain) o.DrainTimeout = drain;
        }, b =>
        {
            b.Services.AddSingleton(_runs);
            b.AddHandler<CountingHandler>("count");
        }, store, metrics: _metrics);

    private static async Task<IReadOnlyList<string>> SubmitAsync(ITaskStore store, int count) =>
        await store.SubmitAsync([.. Enumerable.Range(0, count).Select(_ => new TaskSubmission { Type = "count", Timeout = LongTimeout })]);

    private static async Task AssertEachSucceededAfterOneRun(ITaskStore store, IReadOnlyList<string> ids, ConcurrentDictionary<string, int> runs)
    {
        foreach (string id in ids)
        {
            var task = await Eventually.Until(async () => (await store.GetAsync(id))!, t => t.Status.IsTerminal(), $"task {id} to end",
                TimeSpan.FromSeconds(20));
            Assert.Equal((TaskState.Succeeded, 1), (task.Status, task.Attempt));
            Assert.Equal(1, runs.GetValueOrDefault(id));
        }
    }

    [Fact]
    public async Task claims_whose_replies_were_lost_run_their_tasks_once_and_at_once()
    {
        var store = new FaultyStore(new InMemoryTaskStore()) { LoseClaimReplies = 3 };
        var ids = await SubmitAsync(store, 12);

        await using var silo = Start(store);

        await AssertEachSucceededAfterOneRun(store, ids, _runs);
        Assert.Equal(3, store.LostClaimReplies);
    }

    [Fact]
    public async Task completions_whose_replies_were_lost_are_retried_stored_once_and_counted_once()
    {
        using var succeeded = new MetricCollector<long>(_meters, SchedulerMetrics.MeterName, "osched.tasks.succeeded");
        var store = new FaultyStore(new InMemoryTaskStore()) { LoseCompletionReplies = 3 };
        var ids = await SubmitAsync(store, 12);

        await using var silo = Start(store);

        await AssertEachSucceededAfterOneRun(store, ids, _runs);
        await silo.StopAsync(); // every outcome stored: the retries of the lost calls too

        Assert.Equal(3, store.LostCompletionReplies);
        Assert.Equal(ids.Count, (await store.ReadEventsAsync("default", null, 1000)).Count(e => e.Type == TaskEventTypes.Succeeded));
        Assert.Equal(ids.Count, succeeded.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task completions_are_retried_for_as_long_as_the_store_is_unreachable_while_their_attempts_are_valid()
    {
        // Longer than the five tries of about 1.5 s the worker used to give up after.
        var store = new FaultyStore(new InMemoryTaskStore()) { RefuseCompletionsUntil = DateTimeOffset.UtcNow.AddSeconds(2.5) };
        var ids = await SubmitAsync(store, 4);

        await using var silo = Start(store);

        await AssertEachSucceededAfterOneRun(store, ids, _runs);
        Assert.True(store.RefusedCompletions >= 5, $"{store.RefusedCompletions} completion calls refused; expected more than the old five tries");
    }

    [Fact]
    public async Task a_stopping_silo_stops_retrying_refused_outcomes_after_its_drain_timeout()
    {
        var store = new FaultyStore(new InMemoryTaskStore()) { RefuseCompletionsUntil = DateTimeOffset.MaxValue };
        var id = (await SubmitAsync(store, 1))[0];
        await using var silo = Start(store, drainTimeout: TimeSpan.FromSeconds(1));
        await Eventually.Until(() => Task.FromResult(store.RefusedCompletions), n => n >= 1, "the completion to be refused");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await silo.StopAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {watch.Elapsed}; its outcome retries should end a drain timeout (1 s) after it began");
        Assert.Equal(TaskState.Running, (await store.GetAsync(id))!.Status); // left to its timeout: run again, never lost
    }

    /// <summary>Counts each run of its task.</summary>
    private sealed class CountingHandler(ConcurrentDictionary<string, int> runs) : ITaskHandler
    {
        public Task<object?> HandleAsync(TaskContext context) =>
            Task.FromResult<object?>(runs.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1));
    }

    /// <summary>Loses the replies of the first claims that claimed something or of the first completions, or refuses completions for a while.</summary>
    private sealed class FaultyStore(ITaskStore inner) : DelegatingTaskStore(inner)
    {
        private int _lostClaims, _lostCompletions, _refused;

        public int LoseClaimReplies { get; init; }

        public int LoseCompletionReplies { get; init; }

        public int LostClaimReplies => Math.Min(Volatile.Read(ref _lostClaims), LoseClaimReplies);

        public int LostCompletionReplies => Math.Min(Volatile.Read(ref _lostCompletions), LoseCompletionReplies);

        public DateTimeOffset RefuseCompletionsUntil { get; init; }

        public int RefusedCompletions => Volatile.Read(ref _refused);

        public override async Task<ClaimBatch> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
        {
            var batch = await Inner.ClaimAsync(request, cancellationToken);
            if (batch.Tasks.Count > 0 && Interlocked.Increment(ref _lostClaims) <= LoseClaimReplies) throw new TimeoutException("the claim's reply was lost");
            return batch;
        }

        public override async Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
        {
            if (DateTimeOffset.UtcNow < RefuseCompletionsUntil)
            {
                Interlocked.Increment(ref _refused);
                throw new TimeoutException("the store is unreachable");
            }
            var results = await Inner.CompleteAsync(completions, cancellationToken);
            if (Interlocked.Increment(ref _lostCompletions) <= LoseCompletionReplies) throw new TimeoutException("the completion's reply was lost");
            return results;
        }
    }
}
