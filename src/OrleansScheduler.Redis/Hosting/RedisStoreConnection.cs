using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>The options the store connects with when it makes its own connection (<c>UseRedisTaskStore</c>).</summary>
internal static class RedisStoreConnection
{
    /// <summary>
    /// <paramref name="configuration"/> parsed, with SELECT turned off when the store is on database 0 and the
    /// configuration maps no commands of its own. StackExchange.Redis does not know FCALL, and after a command
    /// it does not know it no longer trusts which database the connection is on, so it would send a SELECT
    /// before the next call: one command more for every store call. The store only uses database 0.
    /// </summary>
    public static ConfigurationOptions Options(string configuration) => Options(ConfigurationOptions.Parse(configuration));

    /// <summary>As <see cref="Options(string)"/>, on <paramref name="options"/> (the caller's own copy, changed in place).</summary>
    public static ConfigurationOptions Options(ConfigurationOptions options)
    {
        if (options.DefaultDatabase is null or 0 && ReferenceEquals(options.CommandMap, CommandMap.Default))
            options.CommandMap = CommandMap.Create(new HashSet<string> { "SELECT" }, available: false);
        return options;
    }
}
