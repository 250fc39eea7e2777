namespace OrleansScheduler.Alerts;

/// <summary>The answer of <c>GET /api/alerts/rules</c>.</summary>
/// <param name="Rules">Every rule, from configuration and from the API, sorted by name.</param>
[GenerateSerializer, Alias("OrleansScheduler.AlertRuleList")]
public sealed record AlertRuleList([property: Id(0)] IReadOnlyList<AlertRule> Rules);
