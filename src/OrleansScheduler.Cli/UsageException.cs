namespace OrleansScheduler.Cli;

/// <summary>The command line parsed, but what it asks cannot be sent (a payload that is not JSON, say); exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
