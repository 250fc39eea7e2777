namespace OrleansScheduler.Bench;

/// <summary>Thrown by a scenario that cannot run with what the harness was given; the suite notes it under the table and goes on.</summary>
public sealed class ScenarioSkippedException(string reason) : Exception(reason);
