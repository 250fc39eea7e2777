using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>What the HTTP API itself needs to know, bound from section <c>Scheduler</c> (the same keys a silo's scheduler reads).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scheduler";

    /// <summary>Largest payload the API accepts, in UTF-8 bytes (<c>Scheduler:MaxPayloadBytes</c>); keep it the silos' value. Default: 256 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = TaskLimits.DefaultMaxPayloadBytes;

    /// <summary>
    /// A single key with the admin role (<c>Scheduler:ApiKey</c>), as before roles existed; it may stand beside
    /// <see cref="ApiKeys"/>. Empty means none.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The API keys by name (<c>Scheduler:ApiKeys:&lt;name&gt;:Key</c> and <c>:Role</c>; the names of a JSON array are
    /// its indexes). With none here and no <see cref="ApiKey"/>, the API is open; with any, every <c>/api/*</c> request
    /// needs a key in <c>X-Api-Key</c>, reads need any role and changes the admin role.
    /// </summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
