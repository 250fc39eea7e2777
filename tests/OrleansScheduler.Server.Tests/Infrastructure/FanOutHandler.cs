using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// <c>fan</c>: payload <c>{"children": N, "childType": "gated", "gatedJoin": false}</c>. Its first run spawns N
/// children of the child type and waits; its join step records its start (so a test can find the silo that
/// runs it), waits for the ledger's gate when <c>gatedJoin</c>, and returns how many children succeeded and
/// where it ran.
/// </summary>
public sealed class FanOutHandler(RunLedger ledger) : TaskHandler<FanOutHandler.Payload>
{
    public sealed record Payload(int Children, string ChildType = "quick", bool GatedJoin = false);

    public sealed record Joined(string Silo, int Succeeded, int Children);

    protected override async Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        if (!context.IsJoin)
        {
            await context.SpawnChildrenAsync(Enumerable.Range(0, payload.Children).Select(_ => new TaskSubmission { Type = payload.ChildType }));
            return context.WaitForChildren();
        }
        ledger.Started(context);
        if (payload.GatedJoin) await ledger.Gate.WaitAsync(context.CancellationToken);
        int succeeded = 0, children = 0;
        await foreach (var child in context.Children)
        {
            children++;
            if (child.Status == TaskState.Succeeded) succeeded++;
        }
        return new Joined(context.SiloId, succeeded, children);
    }
}
