namespace OrleansScheduler.Handlers;

/// <summary>
/// Runs tasks of one type. Handlers run at least once per task (a silo can die after the side
/// effect and before the completion is stored), so use <see cref="TaskContext.TaskId"/> and
/// <see cref="TaskContext.Attempt"/> to stay idempotent.
/// </summary>
public interface ITaskHandler
{
    /// <summary>
    /// Runs one attempt. The return value is stored as the task's JSON result. Throw to fail the
    /// attempt (retried with backoff while attempts remain); throw
    /// <see cref="NonRetryableTaskException"/> to fail the task at once. Honour
    /// <see cref="TaskContext.CancellationToken"/>: it fires on timeout, cancel and shutdown.
    /// </summary>
    Task<object?> HandleAsync(TaskContext context);
}

/// <summary>A handler whose payload is deserialized to <typeparamref name="TPayload"/>.</summary>
public abstract class TaskHandler<TPayload> : ITaskHandler
{
    /// <inheritdoc />
    public Task<object?> HandleAsync(TaskContext context) => HandleAsync(context.GetPayload<TPayload>(), context);

    /// <summary>Runs one attempt with the typed payload.</summary>
    protected abstract Task<object?> HandleAsync(TPayload payload, TaskContext context);
}

/// <summary>Thrown by a handler to fail the task now, without further attempts.</summary>
public class NonRetryableTaskException(string message, Exception? inner = null) : Exception(message, inner);
