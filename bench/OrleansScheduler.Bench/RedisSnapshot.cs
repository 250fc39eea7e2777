using System.Globalization;

namespace OrleansScheduler.Bench;

/// <summary>
/// The Redis server counters a scenario compares before and after: memory, commands executed
/// (INFO commandstats, which also counts commands run inside Lua scripts), script calls, and the
/// server's CPU time (INFO cpu, user + sys).
/// </summary>
public sealed record RedisSnapshot(long UsedMemory, long TotalCalls, long ScriptCalls, double CpuMicros)
{
    /// <summary>Reads the counters out of the text of <c>INFO memory</c>, <c>INFO commandstats</c> and <c>INFO cpu</c> (key:value lines).</summary>
    public static RedisSnapshot Parse(IEnumerable<KeyValuePair<string, string>> info)
    {
        long memory = 0, calls = 0, scripts = 0;
        double cpuSeconds = 0;
        foreach (var (key, value) in info)
        {
            if (key == "used_memory") memory = long.Parse(value, CultureInfo.InvariantCulture);
            else if (key is "used_cpu_sys" or "used_cpu_user") cpuSeconds += double.Parse(value, CultureInfo.InvariantCulture);
            else if (key.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                long count = CallsOf(value);
                calls += count;
                if (key is "cmdstat_evalsha" or "cmdstat_eval" or "cmdstat_fcall") scripts += count;
            }
        }
        return new(memory, calls, scripts, cpuSeconds * 1_000_000);
    }

    /// <summary>The counters that grew between <paramref name="before"/> and this snapshot (memory as a signed difference).</summary>
    public RedisSnapshot Since(RedisSnapshot before) =>
        new(UsedMemory - before.UsedMemory, TotalCalls - before.TotalCalls, ScriptCalls - before.ScriptCalls, CpuMicros - before.CpuMicros);

    // "calls=12,usec=34,usec_per_call=2.83,rejected_calls=0,failed_calls=0"
    private static long CallsOf(string stats)
    {
        foreach (string part in stats.Split(','))
        {
            if (part.StartsWith("calls=", StringComparison.Ordinal))
                return long.Parse(part.AsSpan("calls=".Length), CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
