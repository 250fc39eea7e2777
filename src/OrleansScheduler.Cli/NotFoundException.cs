namespace OrleansScheduler.Cli;

/// <summary>The gateway answered 404 for a read the client reports as null; exits with <see cref="ExitCodes.Refused"/>.</summary>
public sealed class NotFoundException(string message) : Exception(message);
