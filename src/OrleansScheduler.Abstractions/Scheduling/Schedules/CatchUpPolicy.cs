using System.Text.Json.Serialization;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>
/// What a schedule does about ticks it missed: ticks due longer ago than the misfire threshold
/// (60 s), because the scheduler grain did not run for that long (no silo was up, or the cluster was stalled).
/// </summary>
public enum CatchUpPolicy
{
    /// <summary>Skip every missed tick; the schedule goes on from the next tick after now (the default).</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Fire one task for the missed ticks, then go on from the next tick after now.</summary>
    [JsonStringEnumMemberName("once")]
    Once,
}
