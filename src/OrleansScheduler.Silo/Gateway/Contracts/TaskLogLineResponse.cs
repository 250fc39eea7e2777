using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>One line a handler logged.</summary>
/// <param name="Attempt">The attempt that logged it.</param>
/// <param name="Time">When it was logged.</param>
/// <param name="Level">The log level's name, e.g. <c>Information</c>.</param>
/// <param name="Message">The formatted message (long ones are cut by the store).</param>
internal sealed record TaskLogLineResponse(int Attempt, DateTimeOffset Time, string Level, string Message)
{
    /// <summary>The response for <paramref name="line"/>.</summary>
    public static TaskLogLineResponse From(TaskLogEntry line) => new(line.Attempt, line.Time, line.Level, line.Message);
}
