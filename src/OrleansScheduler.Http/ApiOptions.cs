using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>What the HTTP API itself needs to know, bound from section <c>Scheduler</c> (the same keys a silo's scheduler reads).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scheduler";

    /// <summary>Largest payload the API accepts, in UTF-8 bytes (<c>Scheduler:MaxPayloadBytes</c>); keep it the silos' value. Default: 256 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = TaskLimits.DefaultMaxPayloadBytes;

    /// <summary>When set, every <c>/api/*</c> request must carry this value in the <c>X-Api-Key</c> header (<c>Scheduler:ApiKey</c>).</summary>
    public string? ApiKey { get; set; }
}
