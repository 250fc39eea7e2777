using OrleansScheduler.Grains;

namespace OrleansScheduler.Server.Targets;

/// <summary>
/// Cancels a call of <see cref="ITaskTargetGrain.RunTaskAsync"/> when the silo that made it is declared Dead
/// (<see cref="CallerDeathWatch"/>), so the grain's token fires on failover as a handler's does and the attempt that
/// replaced the dead one is not held up behind it.
/// </summary>
internal sealed class TaskTargetCallFilter(CallerDeathWatch deaths) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.GetArgumentCount() != 2 || context.Request.GetArgument(0) is not TaskRun run || context.InterfaceMethod?.DeclaringType != typeof(ITaskTargetGrain))
        {
            await context.Invoke();
            return;
        }
        var request = context.Request;
        using var whenCallerDies = deaths.DeathOf(run.SiloId).Register(() => request.TryCancel());
        await context.Invoke();
    }
}
