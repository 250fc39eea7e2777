using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// Answers an exception no endpoint handled with ProblemDetails. A rejected request (Kestrel's
/// <see cref="BadHttpRequestException"/>, e.g. a body over its size limit) keeps its 4xx status;
/// anything else is a 500 that says only that the error was logged, under which trace id,
/// never the exception's text.
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
        else
        {
            string traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, traceId);
            problem.Status = StatusCodes.Status500InternalServerError;
            problem.Title = "The silo failed to handle the request.";
            problem.Detail = $"An unexpected error occurred and was logged with trace id {traceId}.";
        }
        context.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception serving {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
