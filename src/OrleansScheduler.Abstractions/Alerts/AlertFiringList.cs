namespace OrleansScheduler.Alerts;

/// <summary>The answer of <c>GET /api/alerts</c>.</summary>
/// <param name="Alerts">The latest firings (at most <see cref="AlertLimits.KeptFirings"/>), newest first.</param>
[GenerateSerializer, Alias("OrleansScheduler.AlertFiringList")]
public sealed record AlertFiringList([property: Id(0)] IReadOnlyList<AlertFiring> Alerts);
