namespace OrleansScheduler.Api;

/// <summary>The answer of <c>GET /api/silos</c>.</summary>
/// <param name="Silos">Every silo in Orleans' membership table, Dead ones included until Orleans removes them, by address.</param>
/// <param name="SchedulerSilo">The address of the silo the scheduler grain runs on now (null when it could not be reached).</param>
[GenerateSerializer, Alias("OrleansScheduler.SiloList")]
public sealed record SiloList([property: Id(0)] IReadOnlyList<SiloInfo> Silos, [property: Id(1)] string? SchedulerSilo);
