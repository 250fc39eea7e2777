namespace OrleansScheduler.Bench;

/// <summary>A scenario that could not run with what the harness was given, and why (e.g. no Redis Cluster).</summary>
public sealed record SkippedScenario(string Scenario, string Reason);
