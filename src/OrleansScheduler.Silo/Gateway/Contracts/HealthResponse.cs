namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The answer of <c>/healthz</c>: "ok" and which silo answered.</summary>
internal sealed record HealthResponse(string Status, string Silo);
