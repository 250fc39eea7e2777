using System.Text.Json.Serialization;

namespace OrleansScheduler.Client;

/// <summary>What a schedule does about firings it missed while no scheduler ran (or while it was disabled).</summary>
public enum ScheduleCatchUp
{
    /// <summary>Nothing: go on from the next firing (the gateway's default).</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Fire once for all the missed firings, then go on.</summary>
    [JsonStringEnumMemberName("once")]
    Once,
}
