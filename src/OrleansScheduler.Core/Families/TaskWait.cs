namespace OrleansScheduler.Families;

/// <summary>
/// A running parent's attempt that ends by waiting for its children: Running → Waiting, fenced by the
/// token, the attempt not counted against MaxAttempts (the join step is a step, not a retry). When every
/// child is already terminal the parent is Pending for its join step at once.
/// </summary>
/// <param name="Id">The parent.</param>
/// <param name="Queue">The parent's queue.</param>
/// <param name="Token">The attempt's fencing token.</param>
/// <param name="JoinState">JSON text the join step gets back (<c>TaskContext.GetJoinState</c>); null for none.</param>
public sealed record TaskWait(string Id, string Queue, long Token, string? JoinState);
