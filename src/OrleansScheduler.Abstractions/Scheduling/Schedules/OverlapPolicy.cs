using System.Text.Json.Serialization;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>What a schedule does at a tick while the task of its previous tick has not finished.</summary>
public enum OverlapPolicy
{
    /// <summary>Fire anyway: runs may overlap (the default).</summary>
    [JsonStringEnumMemberName("allow")]
    Allow,

    /// <summary>Skip the tick (no task) while the last task the schedule made exists and is not Succeeded, Failed or Canceled.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,
}
