using OrleansScheduler.Api;

namespace OrleansScheduler.Server;

/// <summary>Orleans' membership entries as the contracts show silos.</summary>
internal static class SiloContracts
{
    /// <summary>The contract of <paramref name="entry"/>, with its worker's <paramref name="load"/> when it answered; <paramref name="schedulerHost"/> names the scheduler grain's silo.</summary>
    public static SiloInfo ToInfo(MembershipEntry entry, WorkerLoad? load, string? schedulerHost)
    {
        string id = entry.SiloAddress.ToId();
        return new SiloInfo
        {
            Id = id,
            Name = entry.SiloName ?? load?.Name ?? "",
            HostName = entry.HostName,
            Status = State(entry.Status),
            StartedAt = Utc(entry.StartTime),
            IAmAliveAt = Utc(entry.IAmAliveTime),
            Running = load?.Running ?? 0,
            Capacity = load?.Capacity ?? 0,
            FreeSlots = load?.FreeSlots ?? 0,
            Queues = load?.Queues ?? [],
            Labels = load?.Labels ?? new Dictionary<string, string>(),
            Draining = load?.Draining ?? false,
            HostsScheduler = schedulerHost == id,
            Version = load?.Version ?? "",
        };
    }

    /// <summary>The contract's name for an Orleans status.</summary>
    public static SiloState State(SiloStatus status) => status switch
    {
        SiloStatus.Active => SiloState.Active,
        SiloStatus.ShuttingDown => SiloState.ShuttingDown,
        SiloStatus.Stopping => SiloState.Stopping,
        SiloStatus.Dead => SiloState.Dead,
        _ => SiloState.Joining,
    };

    private static DateTimeOffset? Utc(DateTime time) =>
        time == default ? null : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
