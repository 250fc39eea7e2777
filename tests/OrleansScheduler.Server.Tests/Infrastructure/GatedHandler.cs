using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary><c>gated</c>: records its start, waits for the ledger's gate (or its token), and returns where it ran.</summary>
public sealed class GatedHandler(RunLedger ledger) : ITaskHandler
{
    public async Task<object?> HandleAsync(TaskContext context)
    {
        ledger.Started(context);
        try
        {
            await ledger.Gate.WaitAsync(context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            ledger.Canceled(context);
            throw;
        }
        return ledger.Returned(context);
    }
}
