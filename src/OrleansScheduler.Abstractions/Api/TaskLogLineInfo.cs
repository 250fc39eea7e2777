namespace OrleansScheduler.Api;

/// <summary>One line a task's handler logged.</summary>
/// <param name="Attempt">The attempt that logged it.</param>
/// <param name="Time">When it was logged.</param>
/// <param name="Level">The log level's name, e.g. <c>Information</c>.</param>
/// <param name="Message">The formatted message (the gateway keeps at most 2 000 characters of a line).</param>
[GenerateSerializer, Alias("OrleansScheduler.TaskLogLineInfo")]
public sealed record TaskLogLineInfo([property: Id(0)] int Attempt, [property: Id(1)] DateTimeOffset Time, [property: Id(2)] string Level, [property: Id(3)] string Message);
