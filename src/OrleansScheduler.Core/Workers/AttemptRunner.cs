using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// Runs one claimed attempt: finds its handler, gives it a token that fires on timeout or silo
/// shutdown, and turns what happened into an outcome for the store. Never throws.
/// </summary>
internal sealed class AttemptRunner(
    TaskHandlerRegistry handlers,
    IServiceProvider services,
    ITaskStore store,
    string siloId,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("OrleansScheduler.Handlers");

    public async Task<AttemptOutcome> RunAsync(ClaimedTask task, CancellationToken siloStopping)
    {
        var handlerType = handlers.Find(task.Type);
        if (handlerType is null)
        {
            // Retryable: another silo may have the handler and claim the next attempt.
            string known = handlers.Types.Count == 0 ? "none" : string.Join(", ", handlers.Types);
            return Fail(task, $"No handler for type '{task.Type}' on silo '{siloId}'; this silo handles: {known}.", retryable: true);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(siloStopping);
        attempt.CancelAfter(task.Timeout);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var handler = (ITaskHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            var context = new TaskContext(task, siloId, attempt.Token, _logger,
                (percent, message) => store.ReportProgressAsync(new TaskProgress(task.Id, task.Queue, task.Token, percent, message), attempt.Token));
            object? result = await handler.HandleAsync(context).ConfigureAwait(false);
            return AttemptOutcome.Succeeded(new TaskCompletion(task.Id, task.Queue, task.Token, SerializeResult(result)));
        }
        catch (OperationCanceledException) when (siloStopping.IsCancellationRequested)
        {
            return Fail(task, $"Attempt {task.Attempt} of task '{task.Id}' was canceled because silo '{siloId}' is shutting down.", retryable: true);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested)
        {
            return Fail(task, $"Attempt {task.Attempt} of task '{task.Id}' timed out after {(long)task.Timeout.TotalMilliseconds} ms.", retryable: true);
        }
        catch (NonRetryableTaskException e)
        {
            return Fail(task, e.Message, retryable: false);
        }
        catch (NotSupportedException e) when (e.Source == "System.Text.Json")
        {
            return Fail(task, $"The result of task '{task.Id}' cannot be stored as JSON: {e.Message}", retryable: false);
        }
        catch (Exception e)
        {
            return Fail(task, $"{e.GetType().Name}: {e.Message}", retryable: true);
        }
    }

    private static string SerializeResult(object? result) => result switch
    {
        null => "null",
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, result.GetType(), JsonSerializerOptions.Web),
    };

    private AttemptOutcome Fail(ClaimedTask task, string error, bool retryable)
    {
        Logging.Log.AttemptFailed(_logger, task.Id, task.Type, task.Queue, task.Attempt, error);
        return AttemptOutcome.Failed(new TaskFailure(task.Id, task.Queue, task.Token, error, retryable));
    }
}
