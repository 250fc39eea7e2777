using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Http;

/// <summary>
/// Answers an exception no endpoint handled with ProblemDetails. A rejected request (Kestrel's
/// <see cref="BadHttpRequestException"/>, e.g. a body over its size limit) keeps its 4xx status; a
/// grain call the cluster could not serve (no silo reachable, a silo that died mid-call, a timeout) is a
/// 503 with Retry-After, which a client may repeat (submissions with an idempotency key are safe to); so
/// is a task store that cannot serve the call for now (<see cref="TaskStoreUnavailableException"/>: Redis out of
/// memory, unreachable, slow, or its replicas behind), whose message names the cause;
/// anything else is a 500 that says only that the error was logged, under which trace id, never the
/// exception's text.
/// </summary>
internal sealed partial class LastResortExceptionHandler(IProblemDetailsService problems, ILogger<LastResortExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The client went away; there is nobody to answer.
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested) return true;

        var problem = new ProblemDetails();
        if (exception is BadHttpRequestException rejected)
        {
            problem.Status = rejected.StatusCode;
            problem.Title = rejected.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request is malformed.";
            problem.Detail = rejected.Message;
        }
        else if (exception is TaskStoreUnavailableException unavailable)
        {
            LogStoreUnavailable(logger, unavailable.Reason, context.Request.Method, context.Request.Path, unavailable.Queue);
            problem.Status = StatusCodes.Status503ServiceUnavailable;
            problem.Title = "The task store could not serve the request.";
            problem.Detail = unavailable.Message;
            problem.Extensions["reason"] = JsonNamingPolicy.CamelCase.ConvertName(unavailable.Reason.ToString());
            // memory frees as tasks end and retention removes them, which takes longer than a reconnect
            context.Response.Headers.RetryAfter = unavailable.Reason == TaskStoreUnavailableReason.OutOfMemory ? "5" : "1";
        }
        else if (exception is OrleansException or TimeoutException)
        {
            LogClusterUnavailable(logger, exception, context.Request.Method, context.Request.Path);
            problem.Status = StatusCodes.Status503ServiceUnavailable;
            problem.Title = "The cluster could not serve the request.";
            problem.Detail = $"No silo answered in time ({exception.GetType().Name}); retry shortly. A submission with an idempotencyKey is safe to repeat.";
            context.Response.Headers.RetryAfter = "1";
        }
        else
        {
            string traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, traceId);
            problem.Status = StatusCodes.Status500InternalServerError;
            problem.Title = "The gateway failed to handle the request.";
            problem.Detail = $"An unexpected error occurred and was logged with trace id {traceId}.";
        }
        context.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The cluster could not serve {Method} {Path}")]
    private static partial void LogClusterUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The task store could not serve {Method} {Path} on queue {Queue}: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, TaskStoreUnavailableReason reason, string method, string path, string queue);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception serving {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
