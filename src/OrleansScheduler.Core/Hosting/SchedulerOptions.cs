using OrleansScheduler.Tasks;

namespace OrleansScheduler.Hosting;

/// <summary>Options of a silo: identity, the queues it serves and how its workers pull. Defaults are documented in the README and pinned by a test.</summary>
public sealed class SchedulerOptions
{
    /// <summary>This silo's id; made unique per process start when left empty.</summary>
    public string? SiloId { get; set; }

    /// <summary>The queues this silo's workers serve. Default: <c>["default"]</c>.</summary>
    public List<string> Queues { get; set; } = [TaskLimits.DefaultQueue];

    /// <summary>Whether this silo runs workers at all; false makes a gateway-only silo. Default: true.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Slots: how many attempts this silo runs at once across its queues. Default: 100.</summary>
    public int Capacity { get; set; } = 100;

    /// <summary>Most tasks taken in one claim. Default: 100.</summary>
    public int ClaimBatchSize { get; set; } = 100;

    /// <summary>Most outcomes stored in one completion call. Default: 500.</summary>
    public int CompletionBatchSize { get; set; } = 500;

    /// <summary>How often an idle worker looks for work when no wake-up came. Default: 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often attempts past their deadline are timed out in the store. Default: 1 s.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On shutdown, how long running attempts may finish before they are canceled. Default: 30 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest payload accepted, in UTF-8 bytes. Default: 256 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = TaskLimits.DefaultMaxPayloadBytes;
}
