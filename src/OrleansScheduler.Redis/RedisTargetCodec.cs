using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// A <see cref="TaskTarget"/> as the store keeps it (field <c>tg</c> of a task, of a schedule's template; see
/// <see cref="RedisKeys"/>): the grain name, then a newline and the key when there is one. A grain name matches
/// <see cref="TaskLimits.TypePattern"/>, so it never holds a newline; no script reads the field.
/// </summary>
internal static class RedisTargetCodec
{
    public static string Encode(TaskTarget target) => target.Key is null ? target.Grain : target.Grain + "\n" + target.Key;

    public static TaskTarget Decode(string stored)
    {
        int split = stored.IndexOf('\n');
        return split < 0 ? new TaskTarget { Grain = stored } : new TaskTarget { Grain = stored[..split], Key = stored[(split + 1)..] };
    }
}
