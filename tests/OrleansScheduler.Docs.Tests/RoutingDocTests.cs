using System.Globalization;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Docs.Tests;

/// <summary>docs/routing.md names every strategy, states the validator's limits and the settings configuration.md states.</summary>
public sealed class RoutingDocTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(DocFiles.Root, "docs", "routing.md"));

    [Fact]
    public void every_strategy_has_a_section()
    {
        var headings = Lines.Where(l => l.StartsWith("### ", StringComparison.Ordinal)).ToList();
        var missing = Enum.GetValues<RoutingStrategy>().Select(TaskRoutingValidator.StrategyName)
            .Where(name => !headings.Any(h => h.Split(' ', ',').Contains(name))).ToList();
        Assert.True(missing.Count == 0, $"docs/routing.md has no ### section for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void the_limits_table_states_the_validators_limits()
    {
        string[] expected =
        [
            $"| `cost`, `maxConcurrent` | 1 to {Group(TaskRoutingValidator.MaxCost)} |",
            $"| `shards` | 1 to {Group(TaskRoutingValidator.MaxShards)} |",
            $"| `labels` | at most {TaskRoutingValidator.MaxLabels} pairs; keys match `{TaskRoutingValidator.LabelKeyPattern}`, values at most {TaskRoutingValidator.MaxTextLength} characters |",
            $"| `key`, `concurrencyKey`, `silo` | at most {TaskRoutingValidator.MaxTextLength} characters (`concurrencyKey` at least 1) |",
            $"| `reassignAfterMs` | {Group(TaskRoutingValidator.MinReassignAfterMs)} to {Group(TaskRoutingValidator.MaxReassignAfterMs)} (24 h) |",
        ];
        var missing = expected.Where(row => !Lines.Contains(row)).ToList();
        Assert.True(missing.Count == 0, $"docs/routing.md's limits disagree with TaskRoutingValidator; expected rows:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void the_settings_rows_state_the_defaults_configuration_md_states()
    {
        var configuration = File.ReadAllLines(Path.Combine(DocFiles.Root, "docs", "configuration.md"));
        foreach (string key in new[] { "Scheduler:PinnedWait", "Scheduler:LoadDeferWindow", "Scheduler:LoadReportInterval" })
        {
            string? Default(string[] lines) => lines.FirstOrDefault(l => l.StartsWith($"| `{key}` |", StringComparison.Ordinal))?.Split('|')[2].Trim();
            string? documented = Default(configuration);
            Assert.NotNull(documented);
            Assert.Equal(documented, Default(Lines));
        }
    }

    /// <summary>A number as the docs write it: 86 400 000.</summary>
    private static string Group(int value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
}
