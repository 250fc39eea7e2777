namespace OrleansScheduler.Alerts;

/// <summary>A rule whose condition holds for a subject: it fires unless it fired for that subject within the dedup window.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Subject">A task id, a queue, a silo address, or <c>&lt;schedule&gt;@&lt;tick&gt;</c>.</param>
/// <param name="Queue">The queue concerned, if any.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record AlertCandidate(AlertRule Rule, string Subject, string? Queue, string Message);
