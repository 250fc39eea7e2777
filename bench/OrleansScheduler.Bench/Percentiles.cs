namespace OrleansScheduler.Bench;

/// <summary>Nearest-rank percentiles of a set of samples.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percent"/>th percentile (nearest rank) of <paramref name="sorted"/>, which must be sorted ascending and not empty.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) throw new ArgumentException("No samples.", nameof(sorted));
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
