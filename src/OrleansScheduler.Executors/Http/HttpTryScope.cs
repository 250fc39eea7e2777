using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// What each try of one request needs from the attempt that sends it, carried in the request's options through the
/// client's handlers: the attempt's logger, the request's timeout and the attempt's remaining time.
/// </summary>
internal sealed class HttpTryScope(ILogger logger, TimeSpan? timeout, AttemptBudget budget, Func<string, string> scrub)
{
    /// <summary>The key of the scope in <see cref="HttpRequestMessage.Options"/>.</summary>
    public static readonly HttpRequestOptionsKey<HttpTryScope> Key = new("OrleansScheduler.HttpTryScope");

    /// <summary>The attempt's logger, whose lines are kept with the task.</summary>
    public ILogger Logger => logger;

    /// <summary>The attempt's remaining time.</summary>
    public AttemptBudget Budget => budget;

    /// <summary>Removes secret values from text that is logged.</summary>
    public Func<string, string> Scrub => scrub;

    /// <summary>
    /// How long one try may take: the payload's <c>timeoutMs</c> when it ends before the attempt does; otherwise
    /// none, so the attempt's own token ends the try and the attempt is recorded as timed out.
    /// </summary>
    public TimeSpan TryTimeout => timeout is { } t && t < budget.Remaining ? t : Timeout.InfiniteTimeSpan;

    /// <summary>The scope of <paramref name="request"/>, if the executor sent it.</summary>
    public static HttpTryScope? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var scope) ? scope : null;
}
