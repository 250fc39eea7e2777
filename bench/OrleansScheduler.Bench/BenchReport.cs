namespace OrleansScheduler.Bench;

/// <summary>Everything one invocation of the harness measured: the figures, how, and where, and the Redis profiles the scenarios took.</summary>
public sealed record BenchReport(MachineInfo Machine, bool Smoke, int Repeat, IReadOnlyList<Figure> Figures, IReadOnlyList<string> Scenarios,
    IReadOnlyList<RedisProfile> Profiles);
