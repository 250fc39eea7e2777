using System.Text.Json.Serialization;

namespace OrleansScheduler.Client;

/// <summary>What a schedule does when it fires while the task it started last has not finished.</summary>
public enum ScheduleOverlap
{
    /// <summary>Start another task anyway (the gateway's default).</summary>
    [JsonStringEnumMemberName("allow")]
    Allow,

    /// <summary>Skip this firing.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,
}
