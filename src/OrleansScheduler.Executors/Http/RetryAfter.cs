namespace OrleansScheduler.Executors.Http;

/// <summary>Reads a response's <c>Retry-After</c>: delta seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    /// <summary>The delay the response asks for (never negative), or null when it names none.</summary>
    public static TimeSpan? Of(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>True for the statuses worth trying again: 408, 429 and 5xx.</summary>
    public static bool IsTransient(int status) => status is 408 or 429 or >= 500;
}
