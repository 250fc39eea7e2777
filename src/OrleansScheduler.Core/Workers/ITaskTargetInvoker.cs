using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// Runs an attempt of a task whose <see cref="ClaimedTask.Target"/> names an application grain. The silo host
/// provides it (an Orleans silo with <c>AddTaskTargetGrain</c>); Core knows no grain runtime, so the worker engine
/// asks for one and treats what it returns or throws like a handler's.
/// </summary>
public interface ITaskTargetInvoker
{
    /// <summary>
    /// Calls the target grain for one attempt; returns the result as a handler would (a <see cref="System.Text.Json.JsonElement"/>
    /// or null). Throws <c>NonRetryableTaskException</c> when retrying cannot help, any other exception to retry.
    /// </summary>
    /// <param name="task">The claimed attempt; its <see cref="ClaimedTask.Target"/> is set.</param>
    /// <param name="siloId">The silo running the attempt.</param>
    /// <param name="cancellationToken">Fires on timeout, cancel, failover and shutdown; the grain sees it fire.</param>
    Task<object?> InvokeAsync(ClaimedTask task, string siloId, CancellationToken cancellationToken);
}
