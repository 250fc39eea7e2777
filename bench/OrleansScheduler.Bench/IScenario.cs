namespace OrleansScheduler.Bench;

/// <summary>One benchmark scenario; the suite runs it once per repeat and aggregates its measurements by metric.</summary>
public interface IScenario
{
    /// <summary>The name <c>--scenario</c> selects it by, e.g. <c>throughput</c>.</summary>
    string Name { get; }

    /// <summary>Runs the scenario once and returns its figures.</summary>
    Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken);
}
