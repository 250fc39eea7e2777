using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Executors.Http;

internal sealed partial class HttpTryLogger
{
    [LoggerMessage(EventName = "HttpAnswered", Level = LogLevel.Information, Message = "{Method} {Url} -> {Status} in {ElapsedMs} ms")]
    private static partial void Answered(ILogger logger, string method, string url, int status, long elapsedMs);

    [LoggerMessage(EventName = "HttpNoAnswer", Level = LogLevel.Warning, Message = "{Method} {Url} -> no answer ({Reason}) in {ElapsedMs} ms")]
    private static partial void NoAnswer(ILogger logger, string method, string url, string reason, long elapsedMs);
}
