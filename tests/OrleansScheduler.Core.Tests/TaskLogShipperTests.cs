using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests;

/// <summary>The silo's shipper of handler log lines: batches, flushes, and never lets a store failure matter to an attempt.</summary>
public sealed class TaskLogShipperTests : IAsyncDisposable
{
    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);
    private readonly RecordingLogsTaskStore _store = new(new InMemoryTaskStore());
    private TaskLogShipper? _shipper;
    private Task? _running;

    private TaskLogShipper Start(TimeSpan linger, int batchSize = TaskLogShipper.DefaultBatchSize, int maxPending = TaskLogShipper.DefaultMaxPending)
    {
        _shipper = new TaskLogShipper(_store, NullLogger.Instance, linger, batchSize, maxPending);
        _running = Task.Run(_shipper.RunAsync);
        return _shipper;
    }

    private static TaskLogEntry Line(int n, string task = "t1") => new(task, "default", 1, DateTimeOffset.UnixEpoch, "Information", $"line {n}");

    [Fact]
    public async Task lines_written_close_together_reach_the_store_in_one_call()
    {
        var shipper = Start(TimeSpan.FromMilliseconds(300));

        for (int n = 0; n < 50; n++) shipper.Add(Line(n));

        await Eventually.Until(() => Task.FromResult(_store.Lines.Count), c => c == 50, "the 50 lines to be stored");
        Assert.Equal(1, _store.AppendCalls);
        Assert.Equal(Enumerable.Range(0, 50).Select(n => $"line {n}"), _store.Lines.Select(l => l.Message));
    }

    [Fact]
    public async Task a_line_alone_is_stored_soon_without_a_flush()
    {
        var shipper = Start(TimeSpan.FromMilliseconds(50));

        shipper.Add(Line(1));

        await Eventually.Until(() => Task.FromResult(_store.Lines.Count), c => c == 1, "the line to be stored", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task a_full_batch_is_stored_without_waiting_out_the_linger()
    {
        var shipper = Start(Forever, batchSize: 10);

        for (int n = 0; n < 25; n++) shipper.Add(Line(n));

        await Eventually.Until(() => Task.FromResult(_store.Lines.Count), c => c == 20, "the two full batches to be stored", TimeSpan.FromSeconds(5));
        Assert.Equal(2, _store.AppendCalls);
    }

    [Fact]
    public async Task a_flush_stores_every_line_added_before_it_at_once()
    {
        var shipper = Start(Forever);
        for (int n = 0; n < 3; n++) shipper.Add(Line(n));

        await shipper.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(3, _store.Lines.Count);
    }

    [Fact]
    public async Task a_flush_with_nothing_waiting_completes_at_once()
    {
        var shipper = Start(Forever);

        Assert.True(shipper.FlushAsync().IsCompleted);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task a_batch_the_store_refuses_is_dropped_and_later_lines_still_go()
    {
        var shipper = Start(Forever);
        _store.FailLogs = true;
        shipper.Add(Line(1));
        await shipper.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        _store.FailLogs = false;
        shipper.Add(Line(2));
        await shipper.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["line 2"], _store.Lines.Select(l => l.Message));
        Assert.Equal(2, _store.AppendCalls);
    }

    [Fact]
    public async Task when_lines_come_faster_than_the_store_takes_them_the_oldest_waiting_are_dropped()
    {
        var shipper = Start(Forever, maxPending: 5);

        for (int n = 0; n < 8; n++) shipper.Add(Line(n));
        await shipper.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["line 3", "line 4", "line 5", "line 6", "line 7"], _store.Lines.Select(l => l.Message));
    }

    [Fact]
    public async Task completing_stores_what_waits_and_ends_the_run()
    {
        var shipper = Start(Forever);
        shipper.Add(Line(1));

        shipper.Complete();
        await _running!.WaitAsync(TimeSpan.FromSeconds(5));
        shipper.Add(Line(2)); // too late: ignored

        Assert.Equal(["line 1"], _store.Lines.Select(l => l.Message));
    }

    public async ValueTask DisposeAsync()
    {
        _shipper?.Complete();
        if (_running is not null) await _running.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
