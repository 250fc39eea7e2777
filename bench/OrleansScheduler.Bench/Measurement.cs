namespace OrleansScheduler.Bench;

/// <summary>One figure from one run of a scenario, e.g. ("throughput c=100 kept", "tasks/s", 41000).</summary>
public sealed record Measurement(string Metric, string Unit, double Value, Target? Target = null);
