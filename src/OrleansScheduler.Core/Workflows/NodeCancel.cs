namespace OrleansScheduler.Workflows;

/// <summary>A Waiting node the coordinator cancels, and why: its error then says which dependency ended how.</summary>
/// <param name="Key">The node's key.</param>
/// <param name="Reason">The error it is canceled with.</param>
public sealed record NodeCancel(string Key, string Reason);
