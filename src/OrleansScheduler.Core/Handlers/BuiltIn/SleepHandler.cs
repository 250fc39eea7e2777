namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary><c>sleep</c>: payload <c>{"ms":N}</c>; waits N milliseconds, or less when canceled.</summary>
public sealed class SleepHandler : TaskHandler<SleepHandler.Payload>
{
    /// <summary>The payload of <c>sleep</c>.</summary>
    public sealed record Payload(int Ms);

    /// <inheritdoc />
    protected override async Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        await Task.Delay(Math.Max(0, payload.Ms), context.CancellationToken);
        return new { slept = payload.Ms };
    }
}
