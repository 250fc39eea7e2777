using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// How much of the attempt's timeout is left: the cap of a request's timeout, and what decides whether a
/// <c>Retry-After</c> is waited out within the attempt. The attempt's token fires at the timeout; this only lets
/// the executor see it coming.
/// </summary>
internal sealed class AttemptBudget
{
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly TimeSpan? _timeout;

    private AttemptBudget(TimeProvider time, TimeSpan? timeout)
    {
        _time = time;
        _started = time.GetTimestamp();
        _timeout = timeout;
    }

    /// <summary>The budget of the attempt <paramref name="context"/> runs, counted from now (the attempt's timer starts just before its handler).</summary>
    public static AttemptBudget Start(TaskContext context, TimeProvider time)
    {
        var timeout = context.Timeout;
        return new AttemptBudget(time, timeout > TimeSpan.Zero ? timeout : null);
    }

    /// <summary>The time left before the attempt times out; <see cref="TimeSpan.MaxValue"/> when unknown.</summary>
    public TimeSpan Remaining => _timeout is { } timeout ? timeout - _time.GetElapsedTime(_started) : TimeSpan.MaxValue;
}
