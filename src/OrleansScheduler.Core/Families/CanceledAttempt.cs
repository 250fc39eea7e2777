namespace OrleansScheduler.Families;

/// <summary>A running attempt that a cascade canceled (its parent was canceled or failed fast), as a store reports it to its listeners.</summary>
/// <param name="TaskId">The task whose attempt was canceled.</param>
/// <param name="Silo">The silo that ran it, which should fire the handler's cancellation token.</param>
public sealed record CanceledAttempt(string TaskId, string Silo);
