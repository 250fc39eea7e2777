using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// <c>hold</c>: records its start, holds its slot for the payload's <c>ms</c> (0 by default), records its return,
/// and answers where it ran and which shard it was: what the routing tests check placement and overlap with.
/// </summary>
public sealed class HoldHandler(RunLedger ledger) : ITaskHandler
{
    public async Task<object?> HandleAsync(TaskContext context)
    {
        ledger.Started(context);
        int ms = context.PayloadJson == "null" ? 0 : context.GetPayload<Hold>().Ms;
        if (ms > 0) await Task.Delay(ms, context.CancellationToken);
        ledger.Returned(context);
        return new Held(context.SiloId, context.ShardIndex, context.ShardTotal);
    }

    /// <summary>The payload: how long to hold the slot.</summary>
    public sealed record Hold(int Ms);

    /// <summary>What one run of <c>hold</c> answers.</summary>
    public sealed record Held(string Silo, int? ShardIndex, int? ShardTotal);
}
