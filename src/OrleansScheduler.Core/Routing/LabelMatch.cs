namespace OrleansScheduler.Routing;

/// <summary>Whether a silo carries the labels a task requires (<see cref="Tasks.TaskRouting.Labels"/>).</summary>
public static class LabelMatch
{
    /// <summary>
    /// True when <paramref name="labels"/> holds every pair of <paramref name="required"/> with the same
    /// value (ordinal, case-sensitive, as the store's claim compares them); always true when none are required.
    /// Extra labels on the silo do not matter.
    /// </summary>
    public static bool Matches(IReadOnlyDictionary<string, string>? required, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (required is null || required.Count == 0) return true;
        foreach (var (key, value) in required)
        {
            if (!labels.TryGetValue(key, out string? carried) || !string.Equals(carried, value, StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
