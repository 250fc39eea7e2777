using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests;

/// <summary>The claim loop's auto-reset wake-up: many Sets collapse into one wake, none is lost.</summary>
public sealed class WakeSignalTests
{
    [Fact]
    public async Task many_sets_wake_the_loop_once()
    {
        var signal = new WakeSignal();
        for (int i = 0; i < 5; i++) signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task a_set_after_a_wake_wakes_it_again()
    {
        var signal = new WakeSignal();
        signal.Set();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task a_set_wakes_a_waiting_loop()
    {
        var signal = new WakeSignal();
        var waiting = signal.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        signal.Set();

        Assert.True(await waiting);
    }

    [Fact]
    public async Task reset_forgets_a_set_and_the_next_set_counts_again()
    {
        var signal = new WakeSignal();
        signal.Set();
        signal.Reset();
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task sets_from_many_threads_leave_exactly_one_wake()
    {
        var signal = new WakeSignal();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++) signal.Set();
        })));

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
