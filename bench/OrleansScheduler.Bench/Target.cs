using System.Globalization;

namespace OrleansScheduler.Bench;

/// <summary>A goal from the performance issue: a figure must be at least or at most <see cref="Value"/>.</summary>
public sealed record Target(bool AtLeast, double Value)
{
    /// <summary>The figure must be ≥ <paramref name="value"/> (higher is better).</summary>
    public static Target Min(double value) => new(true, value);

    /// <summary>The figure must be ≤ <paramref name="value"/> (lower is better).</summary>
    public static Target Max(double value) => new(false, value);

    /// <summary>Whether <paramref name="figure"/> meets the target.</summary>
    public bool IsMet(double figure) => AtLeast ? figure >= Value : figure <= Value;

    /// <inheritdoc />
    public override string ToString() => (AtLeast ? ">= " : "<= ") + Value.ToString("G6", CultureInfo.InvariantCulture);
}
