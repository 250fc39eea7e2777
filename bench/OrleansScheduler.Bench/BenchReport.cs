namespace OrleansScheduler.Bench;

/// <summary>
/// Everything one invocation of the harness measured: the figures, how, and where, the Redis profiles the
/// scenarios took, and the scenarios that could not run here and why.
/// </summary>
public sealed record BenchReport(MachineInfo Machine, bool Smoke, int Repeat, IReadOnlyList<Figure> Figures, IReadOnlyList<string> Scenarios,
    IReadOnlyList<RedisProfile> Profiles, IReadOnlyList<SkippedScenario> Skipped);
