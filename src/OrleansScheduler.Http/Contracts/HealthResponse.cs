using System.Text.Json.Serialization;

namespace OrleansScheduler.Http.Contracts;

/// <summary>The answer of <c>/healthz</c> and <c>/readyz</c>.</summary>
/// <param name="Status"><c>ok</c>, or what is wrong with the store (<c>redis-unreachable</c>, <c>redis-data-lost</c>, <c>membership-lost</c>); for <c>/readyz</c> <c>ready</c> or <c>not-ready</c>.</param>
/// <param name="Role"><c>silo</c> or <c>gateway</c>.</param>
/// <param name="Silo">The silo's address (<c>SiloAddress.ToParsableString()</c>), as a task's <c>silo</c> shows it; null for a gateway.</param>
/// <param name="Name">The silo's name, or the gateway's host name.</param>
/// <param name="Cause">What the store check saw, when the status is not <c>ok</c>; left out otherwise.</param>
internal sealed record HealthResponse(string Status, string Role, string? Silo, string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cause = null);
