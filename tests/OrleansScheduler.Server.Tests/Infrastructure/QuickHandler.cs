using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary><c>quick</c>: records its start and returns where it ran, at once.</summary>
public sealed class QuickHandler(RunLedger ledger) : ITaskHandler
{
    public Task<object?> HandleAsync(TaskContext context)
    {
        ledger.Started(context);
        return Task.FromResult<object?>(ledger.Returned(context));
    }
}
