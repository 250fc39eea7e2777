using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// <c>stubborn</c>: like <c>gated</c>, but when its token fires it notes that and still waits for
/// the gate and returns a result, so the abandoned attempt really tries to complete the task.
/// </summary>
public sealed class StubbornHandler(RunLedger ledger) : ITaskHandler
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
            await ledger.Gate;
        }
        return ledger.Returned(context);
    }
}
