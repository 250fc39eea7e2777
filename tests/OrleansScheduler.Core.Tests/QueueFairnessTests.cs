using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Handlers;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>Scheduler:QueueWeights: a silo's slots are shared between its backlogged queues by weight, and none is left idle.</summary>
public sealed class QueueFairnessTests
{
    private readonly InMemoryTaskStore _store = new();
    private readonly Starts _starts = new();

    private WorkerHarness Start(Action<Hosting.SchedulerOptions> configure) =>
        WorkerHarness.Start(configure, b =>
        {
            b.Services.AddSingleton(_starts);
            b.AddHandler<RecordingHandler>("work");
        }, _store);

    private Task SubmitAsync(string queue, int count, int ms) =>
        _store.SubmitAsync([.. Enumerable.Range(0, count).Select(_ => new TaskSubmission { Type = "work", Queue = queue, Payload = $"{{\"ms\":{ms}}}" })]);

    [Fact]
    public async Task two_backlogged_queues_get_slots_in_proportion_to_their_weights()
    {
        await SubmitAsync("heavy", 150, 10);
        await SubmitAsync("light", 150, 10);

        await using var silo = Start(o =>
        {
            o.Queues = ["light", "heavy"];
            o.QueueWeights = new() { ["heavy"] = 3 };
            o.Capacity = 4;
        });
        // Both queues keep a backlog over the first 120 starts: heavy would need 150 to run dry.
        var first = (await Eventually.Until(() => Task.FromResult(_starts.Queues), s => s.Count >= 120, "120 handler starts")).Take(120).ToList();

        double heavy = first.Count(q => q == "heavy"), light = first.Count(q => q == "light");
        Assert.True(light > 0 && heavy / light is >= 2.2 and <= 4, $"heavy {heavy} vs light {light} starts; expected about 3:1");
    }

    [Fact]
    public async Task a_busy_queue_beside_an_empty_heavier_queue_gets_the_whole_capacity()
    {
        await SubmitAsync("busy", 40, 50);

        await using var silo = Start(o =>
        {
            o.Queues = ["idle", "busy"];
            o.QueueWeights = new() { ["idle"] = 5 };
            o.Capacity = 4;
        });
        await Eventually.Until(() => Task.FromResult(_starts.Queues.Count), c => c == 40, "all 40 tasks to start");

        Assert.Equal(4, _starts.MaxRunning);
    }

    private sealed class Starts
    {
        private readonly ConcurrentQueue<string> _queues = new();
        private int _running;
        private int _maxRunning;

        public IReadOnlyList<string> Queues => [.. _queues];

        public int MaxRunning => Volatile.Read(ref _maxRunning);

        public void Started(string queue)
        {
            _queues.Enqueue(queue);
            int now = Interlocked.Increment(ref _running), seen;
            while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen) { }
        }

        public void Finished() => Interlocked.Decrement(ref _running);
    }

    private sealed record WorkPayload(int Ms);

    private sealed class RecordingHandler(Starts starts) : TaskHandler<WorkPayload>
    {
        protected override async Task<object?> HandleAsync(WorkPayload payload, TaskContext context)
        {
            starts.Started(context.Queue);
            try
            {
                await Task.Delay(payload.Ms, context.CancellationToken);
            }
            finally
            {
                starts.Finished();
            }
            return null;
        }
    }
}
