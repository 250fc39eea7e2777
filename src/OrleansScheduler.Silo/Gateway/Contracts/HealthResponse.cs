namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The answer of <c>/healthz</c>: "ok" and which silo answered.</summary>
/// <param name="Status">Always "ok": the process serves requests.</param>
/// <param name="Silo">The current incarnation id (<c>name.generation</c>), as task records and the membership table show it; it changes when the silo rejoins after being declared dead.</param>
/// <param name="Name">The configured silo name, the same across incarnations.</param>
internal sealed record HealthResponse(string Status, string Silo, string Name);
