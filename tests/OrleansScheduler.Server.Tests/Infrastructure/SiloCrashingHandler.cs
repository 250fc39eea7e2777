using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

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
        var self = cluster.FindSilo(context.SiloId);
        // Off the silo's own threads: the kill stops the host this handler runs in.
        await Task.Run(async () =>
        {
            await cluster.KillSiloAsync(self);
            await cluster.StartAdditionalSiloAsync();
        });
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return null;
    }
}
