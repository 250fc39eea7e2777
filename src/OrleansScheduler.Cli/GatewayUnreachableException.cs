namespace OrleansScheduler.Cli;

/// <summary>No gateway of the list answered; the message names each one and why. Exits with <see cref="ExitCodes.Unreachable"/>.</summary>
public sealed class GatewayUnreachableException(IReadOnlyList<string> failures)
    : HttpRequestException("No gateway answered: " + string.Join("; ", failures));
