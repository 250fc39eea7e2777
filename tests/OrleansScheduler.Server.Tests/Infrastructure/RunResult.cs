namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>What the test handlers return, stored as the task's result: which silo ran the accepted attempt.</summary>
public sealed record RunResult(string Silo, int Attempt);
