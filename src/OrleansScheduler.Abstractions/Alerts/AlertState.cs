namespace OrleansScheduler.Alerts;

/// <summary>
/// The alert grain's persistent state (grain storage <c>SchedulerGrainStorage.Name</c>): the API's rules, the
/// latest firings, when each rule and subject last fired (the dedup window survives a new activation), and the
/// silos already known Dead (a silo's death alerts once, not at every activation).
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.AlertState")]
public sealed record AlertState
{
    /// <summary>Rules added through the API, by name.</summary>
    [Id(0)] public Dictionary<string, AlertRule> Rules { get; set; } = [];

    /// <summary>The latest firings, newest first.</summary>
    [Id(1)] public List<AlertFiring> Firings { get; set; } = [];

    /// <summary>When each <c>rule/subject</c> last fired, within the dedup window.</summary>
    [Id(2)] public Dictionary<string, DateTimeOffset> LastFired { get; set; } = [];

    /// <summary>Silos seen Dead already.</summary>
    [Id(3)] public HashSet<string> DeadSilos { get; set; } = [];

    /// <summary>Whether the first activation has taken the silos Dead before it as known.</summary>
    [Id(4)] public bool Baselined { get; set; }
}
