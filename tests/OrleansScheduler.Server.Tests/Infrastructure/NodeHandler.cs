using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// <c>node</c>: a workflow node that records its start, reads each of its dependencies by key and returns its key
/// with what it saw of them (each dependency's own key from its result, or its state when it did not succeed).
/// Payload <c>{"fail":true}</c> fails it at once; <c>{"failFirst":true}</c> fails its first run only; <c>{"gated":true}</c>
/// waits for the ledger's gate first.
/// </summary>
public sealed class NodeHandler(RunLedger ledger) : ITaskHandler
{
    public async Task<object?> HandleAsync(TaskContext context)
    {
        ledger.Started(context);
        var payload = context.GetPayload<NodePayload?>() ?? new NodePayload();
        if (payload.Gated)
        {
            try
            {
                await ledger.Gate.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                ledger.Canceled(context);
                throw;
            }
        }
        if (payload.Fail || (payload.FailFirst && ledger.StartsOf(context.TaskId).Count == 1))
            throw new NonRetryableTaskException($"node {context.Node?.Key} fails as asked");
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in context.Node?.Dependencies.Keys ?? [])
        {
            var dependency = await context.GetDependencyAsync(key);
            seen[key] = dependency.Status == Tasks.TaskState.Succeeded ? dependency.GetResult<NodeResult>()!.Key : dependency.Status.ToString();
        }
        return new NodeResult(context.Node?.Key ?? context.TaskId, seen);
    }

    public sealed record NodePayload(bool Fail = false, bool FailFirst = false, bool Gated = false);
}
