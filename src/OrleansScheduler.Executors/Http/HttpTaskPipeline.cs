using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// The resilience pipeline of the executor's HTTP client: the first of two levels of retry.
/// </summary>
/// <remarks>
/// Level one, here, WITHIN an attempt: a request that got 408, 429 or 5xx, or no answer at all
/// (<see cref="HttpRequestException"/>), is sent again up to <see cref="HttpExecutorOptions.RetriesWithinAttempt"/>
/// times after short exponential delays, or after the response's <c>Retry-After</c> when that is at most
/// <see cref="HttpExecutorOptions.MaxRetryAfterWithinAttempt"/> and fits in the attempt's remaining time. A blip is
/// absorbed without the task's backoff, and the retries hold the attempt's slot only briefly.
/// Level two, in <see cref="HttpHandler"/>, ACROSS attempts: once these retries are spent, or a <c>Retry-After</c> is
/// too long to wait out here, the attempt fails retryably (with <see cref="OrleansScheduler.Handlers.RetryAfterTaskException"/>
/// when the server named a delay), and the scheduler runs the next attempt after the task's backoff or that delay,
/// whichever is later, without holding a slot meanwhile. A try's own timeout (<c>timeoutMs</c>) is inside the retry,
/// per try, and not retried here: a server that does not answer in time is left to the next attempt.
/// </remarks>
internal static class HttpTaskPipeline
{
    /// <summary>The first delay between tries without <c>Retry-After</c>; it doubles, with jitter.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Adds the retry and the per-try timeout to <paramref name="builder"/>.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpExecutorOptions options, TimeProvider time)
    {
        if (options.RetriesWithinAttempt > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.RetriesWithinAttempt,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                // The Retry-After decision is ours (below): the library's would wait out any delay it is given.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options, time)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter.Of(response, time) : null),
            });
        }
        builder.AddTimeout(new HttpTimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(HttpTryScope.Of(args.Context.GetRequestMessage())?.TryTimeout ?? Timeout.InfiniteTimeSpan),
        });
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, HttpExecutorOptions options, TimeProvider time)
    {
        if (outcome.Exception is HttpRequestException) return true;
        if (outcome.Result is not { } response || !RetryAfter.IsTransient((int)response.StatusCode)) return false;
        if (RetryAfter.Of(response, time) is not { } wait) return true;
        // A longer wait would hold the attempt's slot idle: fail the attempt and let the scheduler wait instead.
        var remaining = HttpTryScope.Of(context.GetRequestMessage())?.Budget.Remaining ?? TimeSpan.MaxValue;
        return wait <= options.MaxRetryAfterWithinAttempt && wait < remaining;
    }
}
