using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Handlers;
using OrleansScheduler.Hosting;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Workers;

/// <summary>
/// Runs one claimed attempt: finds its handler (or, for a task with a target, calls the application grain
/// through the host's <see cref="ITaskTargetInvoker"/>), gives it a token that fires on timeout or silo
/// shutdown and a logger whose lines are kept with the task, and turns what happened into an
/// outcome for the store. Never throws.
/// </summary>
internal sealed class AttemptRunner(
    TaskHandlerRegistry handlers,
    IServiceProvider services,
    ITaskStore store,
    SchedulerOptions options,
    TimeProvider clock,
    TaskLogShipper logs,
    ILoggerFactory loggers,
    IWorkNotifier notifier)
{
    private readonly ILogger _logger = loggers.CreateLogger("OrleansScheduler.Handlers");

    /// <param name="attempt">The claimed attempt, whose token fires when the silo gives it up (drain timeout, declared dead, host disposed).</param>
    /// <param name="siloId">The silo that claimed it.</param>
    /// <remarks>The attempt runs in its own activity (<see cref="SchedulerTracing"/>), so the handler sees it as <see cref="Activity.Current"/>.</remarks>
    public async Task<AttemptOutcome> RunAsync(RunningAttempt attempt, string siloId)
    {
        using var activity = SchedulerTracing.StartAttempt(attempt.Task, siloId);
        var outcome = await RunCoreAsync(attempt, siloId).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag("osched.outcome", outcome.Completion is not null ? "succeeded" : outcome.Wait is not null ? "waiting" : "failed");
            if (outcome.Failure is { } failure) activity.SetStatus(ActivityStatusCode.Error, failure.Error);
        }
        return outcome;
    }

    private async Task<AttemptOutcome> RunCoreAsync(RunningAttempt attempt, string siloId)
    {
        var task = attempt.Task;
        var invoker = task.Target is null ? null : services.GetService<ITaskTargetInvoker>();
        if (task.Target is { } target && invoker is null)
            return Fail(task, siloId, $"Task '{task.Id}' targets grain '{target.Grain}', but silo '{siloId}' runs no task target grains (AddTaskTargetGrain).", retryable: true);
        var handlerType = invoker is null ? handlers.Find(task.Type) : null;
        if (invoker is null && handlerType is null)
        {
            // Retryable: another silo may have the handler and claim the next attempt.
            string known = handlers.Types.Count == 0 ? "none" : string.Join(", ", handlers.Types);
            return Fail(task, siloId, $"No handler for type '{task.Type}' on silo '{siloId}'; this silo handles: {known}.", retryable: true);
        }

        var token = attempt.Token;
        attempt.StartTimeout(task.Timeout);
        try
        {
            object? result = handlerType is null
                ? await invoker!.InvokeAsync(task, siloId, token).ConfigureAwait(false)
                : await HandleAsync(task, handlerType, siloId, token).ConfigureAwait(false);
            if (result is WaitForChildren wait) return Waited(task, siloId, wait);
            string json = SerializeResult(result);
            int bytes = Encoding.UTF8.GetByteCount(json);
            // Retrying would produce the same result again.
            if (bytes > options.MaxResultBytes)
                return Fail(task, siloId, $"The result of task '{task.Id}' is {bytes} bytes; the limit is {options.MaxResultBytes} (Scheduler:MaxResultBytes).", retryable: false);
            return AttemptOutcome.Succeeded(new TaskCompletion(task.Id, task.Queue, task.Token, json));
        }
        catch (OperationCanceledException) when (attempt.IsAbandoned)
        {
            // The task was handed back or failed over already; this outcome is only for the record and will be rejected.
            return Fail(task, siloId, $"Attempt {task.Attempt} of task '{task.Id}' was abandoned by silo '{siloId}' (drained, declared dead or stopped).", retryable: true);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return Fail(task, siloId, $"Attempt {task.Attempt} of task '{task.Id}' timed out after {(long)task.Timeout.TotalMilliseconds} ms.", retryable: true);
        }
        catch (NonRetryableTaskException e)
        {
            return Fail(task, siloId, e.Message, retryable: false);
        }
        catch (RetryAfterTaskException e)
        {
            return Fail(task, siloId, e.Message, retryable: true, e.RetryAfter);
        }
        catch (NotSupportedException e) when (e.Source == "System.Text.Json")
        {
            return Fail(task, siloId, $"The result of task '{task.Id}' cannot be stored as JSON: {e.Message}", retryable: false);
        }
        catch (Exception e)
        {
            return Fail(task, siloId, $"{e.GetType().Name}: {e.Message}", retryable: true);
        }
        finally
        {
            attempt.StopTimeout();
        }
    }

    private async Task<object?> HandleAsync(ClaimedTask task, Type handlerType, string siloId, CancellationToken token)
    {
        await using var scope = services.CreateAsyncScope();
        var handler = (ITaskHandler)scope.ServiceProvider.GetRequiredService(handlerType);
        var logger = new TaskLogger(_logger, task, options.TaskLogLevel, clock, logs);
        var context = new TaskContext(task, siloId, token, logger,
            (percent, message) => store.ReportProgressAsync(new TaskProgress(task.Id, task.Queue, task.Token, percent, message), token),
            scope.ServiceProvider.GetService<IGrainFactory>(), new AttemptFamily(task, store, notifier, options.MaxFamilyDepth, token, scope.ServiceProvider.GetService<TaskPlacer>()));
        return await handler.HandleAsync(context).ConfigureAwait(false);
    }

    private AttemptOutcome Waited(ClaimedTask task, string siloId, WaitForChildren wait)
    {
        string? state = wait.JoinState is null ? null : SerializeResult(wait.JoinState);
        int bytes = state is null ? 0 : Encoding.UTF8.GetByteCount(state);
        if (bytes > options.MaxResultBytes)
            return Fail(task, siloId, $"The join state of task '{task.Id}' is {bytes} bytes; the limit is {options.MaxResultBytes} (Scheduler:MaxResultBytes).", retryable: false);
        return AttemptOutcome.Waited(new TaskWait(task.Id, task.Queue, task.Token, state));
    }

    private static string SerializeResult(object? result) => result switch
    {
        null => "null",
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, result.GetType(), JsonSerializerOptions.Web),
    };

    private AttemptOutcome Fail(ClaimedTask task, string siloId, string error, bool retryable, TimeSpan? retryAfter = null)
    {
        Logging.Log.AttemptFailed(_logger, task.Id, task.Type, task.Queue, task.Attempt, siloId, error);
        return AttemptOutcome.Failed(new TaskFailure(task.Id, task.Queue, task.Token, error, retryable) { RetryAfter = retryAfter });
    }
}
