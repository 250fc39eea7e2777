using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>A handler that throws <see cref="RetryAfterTaskException"/> has its next attempt wait at least the delay it named.</summary>
public sealed class RetryAfterTests
{
    [Fact]
    public async Task a_handler_asking_to_retry_after_a_delay_is_scheduled_no_sooner_than_it_and_keeps_its_message()
    {
        await using var silo = WorkerHarness.Start(handlers: h => h.AddHandler<BusyHandler>("busy"));
        var before = DateTimeOffset.UtcNow;
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "busy", MaxAttempts = 2, Backoff = TimeSpan.FromMilliseconds(1) }]))[0];

        var task = await Eventually.Until(async () => (await silo.Store.GetAsync(id))!, t => t.Status == TaskState.Scheduled,
            $"task {id} to be scheduled for its retry");

        Assert.Equal("busy, come back in 10 minutes", task.Error);
        Assert.InRange(task.RunAt!.Value, before + TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));
    }

    private sealed class BusyHandler : ITaskHandler
    {
        public Task<object?> HandleAsync(TaskContext context) => throw new RetryAfterTaskException("busy, come back in 10 minutes", TimeSpan.FromMinutes(10));
    }
}
