using System.Globalization;
using System.Text;

namespace OrleansScheduler.Bench;

/// <summary>The figures as one aligned text table: scenario, metric, unit, median, min, max, target, met?</summary>
public static class ResultTable
{
    /// <summary>Formats <paramref name="figures"/>, one row each, then a row per skipped scenario saying why.</summary>
    public static string Format(IEnumerable<Figure> figures, IEnumerable<SkippedScenario>? skipped = null)
    {
        var rows = new List<string[]> { new[] { "scenario", "metric", "unit", "median", "min", "max", "target", "met?" } };
        rows.AddRange(figures.Select(f => new[]
        {
            f.Scenario, f.Metric, f.Unit, Number(f.Median), Number(f.Min), Number(f.Max),
            f.Target?.ToString() ?? "", f.Met switch { true => "yes", false => "NO", null => "" },
        }));
        int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                // text columns left-aligned, numbers right-aligned
                bool numeric = c is >= 3 and <= 5;
                text.Append(numeric ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
                if (c < row.Length - 1) text.Append("  ");
            }
            text.Length = text.ToString().TrimEnd(' ').Length;
            text.Append('\n');
        }
        foreach (var skip in skipped ?? [])
            text.Append(skip.Scenario.PadRight(widths[0])).Append("  (skipped: ").Append(skip.Reason).Append(")\n");
        return text.ToString();
    }

    /// <summary>Three significant decimals for small figures, none for large ones.</summary>
    public static string Number(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
