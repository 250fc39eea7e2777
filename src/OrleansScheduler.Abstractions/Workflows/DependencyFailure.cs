using System.Text.Json.Serialization;

namespace OrleansScheduler.Workflows;

/// <summary>What a dependent does when the dependency an edge names ends Failed or Canceled.</summary>
public enum DependencyFailure
{
    /// <summary>The dependent is canceled, its error naming the dependency (the default).</summary>
    [JsonStringEnumMemberName("cancel")]
    Cancel,

    /// <summary>The dependent runs anyway once the dependency is terminal, and sees how it ended.</summary>
    [JsonStringEnumMemberName("continue")]
    Continue,
}
