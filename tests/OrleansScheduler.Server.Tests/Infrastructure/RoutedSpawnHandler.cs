using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// <c>spawn-routed</c>: spawns nine <c>hold</c> children over three consistent-hash keys and waits for them; its
/// join step succeeds. What a handler's own children with a routing look like to the placer.
/// </summary>
public sealed class RoutedSpawnHandler : ITaskHandler
{
    public async Task<object?> HandleAsync(TaskContext context)
    {
        if (context.IsJoin) return context.ChildCount;
        await context.SpawnChildrenAsync(Enumerable.Range(0, 9).Select(i => new TaskSubmission
        {
            Type = "hold",
            Routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = $"key-{i % 3}" },
        }));
        return context.WaitForChildren();
    }
}
