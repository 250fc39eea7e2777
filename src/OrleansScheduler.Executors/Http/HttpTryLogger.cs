using System.Diagnostics;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// Logs every try of a task's request to the attempt's logger, so the task's logs show each one, the in-attempt
/// retries included: <c>POST https://host/path -> 503 in 12 ms</c>. It sits inside the resilience handler, so it
/// sees each try; the query string is never logged (it may hold tokens), nor any header.
/// </summary>
internal sealed partial class HttpTryLogger : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = HttpTryScope.Of(request);
        if (scope is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        string method = request.Method.Method, url = HttpTaskRequest.Display(request.RequestUri!);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Answered(scope.Logger, method, url, (int)response.StatusCode, Elapsed(started));
            return response;
        }
        catch (OperationCanceledException)
        {
            NoAnswer(scope.Logger, method, url, cancellationToken.IsCancellationRequested ? "canceled or timed out" : "aborted", Elapsed(started));
            throw;
        }
        catch (HttpRequestException e)
        {
            NoAnswer(scope.Logger, method, url, scope.Scrub(e.Message), Elapsed(started));
            throw;
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
