using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Logging;

/// <summary>Messages of the shipper that stores handlers' log lines with their tasks (ids 600–619).</summary>
internal static partial class TaskLogShippingLog
{
    [LoggerMessage(600, LogLevel.Warning, "Storing {Count} handler log line(s) failed; they are dropped (the attempts they belong to are not affected)")]
    public static partial void LinesNotStored(ILogger logger, Exception exception, int count);

    [LoggerMessage(601, LogLevel.Warning, "Dropped the {Count} oldest handler log line(s) waiting to be stored: handlers logged faster than the store took them (at most {MaxPending} wait)")]
    public static partial void LinesOverflowed(ILogger logger, int count, int maxPending);
}
