using OrleansScheduler.Handlers;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary><c>count</c>: records its run in the shared <see cref="RunLedger"/> and returns the run number.</summary>
public sealed class CountingHandler(RunLedger ledger) : ITaskHandler
{
    /// <inheritdoc />
    public Task<object?> HandleAsync(TaskContext context) =>
        Task.FromResult<object?>(new { run = ledger.Record(context.TaskId, context.SiloId) });
}
