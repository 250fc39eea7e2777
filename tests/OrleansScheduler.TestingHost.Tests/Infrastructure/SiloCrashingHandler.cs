using OrleansScheduler.Handlers;

namespace OrleansScheduler.TestingHost.Tests.Infrastructure;

/// <summary>
/// <c>crash</c>: a poison task. It kills the silo running it (found by <see cref="TaskContext.SiloId"/>),
/// starts a replacement silo so the cluster keeps its size, and then hangs as a zombie until its
/// host is disposed.
/// </summary>
public sealed class SiloCrashingHandler(RunLedger ledger) : ITaskHandler
{
    public async Task<object?> HandleAsync(TaskContext context)
    {
        ledger.Started(context);
        var cluster = ledger.Cluster ?? throw new InvalidOperationException("The ledger has no cluster to crash.");
        var self = cluster.FindSilo(context.SiloId) ?? throw new InvalidOperationException($"No silo {context.SiloId} in the cluster.");
        await cluster.KillSiloAsync(self);
        await cluster.StartAdditionalSiloAsync();
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return null;
    }
}
