namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary><c>fail</c>: payload <c>{"times":N}</c>; throws on the first N attempts, then succeeds.</summary>
public sealed class FailHandler : TaskHandler<FailHandler.Payload>
{
    /// <summary>The payload of <c>fail</c>.</summary>
    public sealed record Payload(int Times);

    /// <inheritdoc />
    protected override Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        if (context.Attempt <= payload.Times)
            throw new InvalidOperationException($"fail: attempt {context.Attempt} of task '{context.TaskId}' fails on purpose ({payload.Times} time(s) in all).");
        return Task.FromResult<object?>(new { attempts = context.Attempt });
    }
}
