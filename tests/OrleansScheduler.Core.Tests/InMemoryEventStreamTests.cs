using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>The in-memory event stream past what the contract's small streams reach: trimming in chunks over thousands of events.</summary>
public sealed class InMemoryEventStreamTests
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    [Fact]
    public async Task a_long_stream_keeps_exactly_its_newest_events_and_pages_through_them_across_trims()
    {
        var store = new InMemoryTaskStore(_clock, history: new HistoryLimits { EventStreamLength = 1500 });
        var ids = new List<string>();
        for (int batch = 0; batch < 5; batch++)
        {
            ids.AddRange(await store.SubmitAsync([.. Enumerable.Range(0, 1000).Select(_ => new Tasks.TaskSubmission { Type = "echo" })]));
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var read = new List<string>();
        string? after = null;
        while (await store.ReadEventsAsync("default", after, 400) is { Count: > 0 } page)
        {
            read.AddRange(page.Select(e => e.TaskId));
            after = page[^1].Id;
        }

        Assert.Equal(ids.Skip(3500), read);
        Assert.Equal(ids[^1], (await store.ReadEventsAsync("default", null, 10_000))[^1].TaskId);
        Assert.Empty((await store.GetTaskEventsAsync(ids[0]))!);
        Assert.Single((await store.GetTaskEventsAsync(ids[3500]))!);
    }
}
