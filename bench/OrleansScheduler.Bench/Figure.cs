namespace OrleansScheduler.Bench;

/// <summary>A metric over every repeat of its scenario: median, min and max, and its target if it has one.</summary>
public sealed record Figure(string Scenario, string Metric, string Unit, IReadOnlyList<double> Samples, Target? Target)
{
    /// <summary>The median of the samples (the mean of the middle two for an even count).</summary>
    public double Median
    {
        get
        {
            var sorted = Samples.Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>The smallest sample.</summary>
    public double Min => Samples.Min();

    /// <summary>The largest sample.</summary>
    public double Max => Samples.Max();

    /// <summary>Whether the median meets the target; null when the metric has none.</summary>
    public bool? Met => Target?.IsMet(Median);
}
