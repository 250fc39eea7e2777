using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// Turns a Redis fault that escapes any grain call (a submission's routing read, a task read, a queue's stats) into a
/// <see cref="OrleansScheduler.Storage.TaskStoreUnavailableException"/>, so the caller, co-hosted or behind a gateway,
/// answers 503 with the cause instead of 500: the store client's own exceptions do not survive Orleans' serialization,
/// and the store's paths are too many to wrap one by one. Other exceptions pass unchanged.
/// </summary>
internal sealed class RedisFaultCallFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (Translate(e, context) is { } unavailable)
        {
            throw unavailable;
        }
    }

    private static Exception? Translate(Exception e, IIncomingGrainCallContext context) =>
        context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0) is TaskSubmission submission
            ? RedisStoreFaults.Unavailable(e, submission.Queue)
            : RedisStoreFaults.UnavailableForCall(e, $"{context.InterfaceName}.{context.MethodName}");
}
