using System.Runtime.InteropServices;

namespace OrleansScheduler.Bench;

/// <summary>Where the figures were measured.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Os, string Runtime, string RedisVersion, DateTimeOffset Date)
{
    /// <summary>This machine, now, with the given Redis server version.</summary>
    public static MachineInfo Current(string redisVersion) => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        redisVersion,
        DateTimeOffset.UtcNow);
}
