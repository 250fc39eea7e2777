namespace OrleansScheduler.Client;

/// <summary>No gateway of the list answered (<see cref="GatewayFailoverHandler"/>); the message names each one and why.</summary>
public sealed class GatewayUnreachableException(IReadOnlyList<string> failures)
    : HttpRequestException("No gateway answered: " + string.Join("; ", failures));
