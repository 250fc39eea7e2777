using System.Text.Json;
using Orleans.Metadata;
using OrleansScheduler.Grains;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Targets;

/// <summary>
/// Runs a task's attempt by calling the application grain its target names (<see cref="ITaskTargetGrain.RunTaskAsync"/>),
/// passing the attempt's token on: Orleans sends the cancellation to the grain wherever it is activated, and the
/// caller stops waiting at once. The grain's JSON result becomes the task's result.
/// </summary>
internal sealed class GrainTaskTargetInvoker(IGrainFactory grains, GrainTypeResolver grainTypes, TaskTargetRegistry registry) : ITaskTargetInvoker
{
    public async Task<object?> InvokeAsync(ClaimedTask task, string siloId, CancellationToken cancellationToken)
    {
        var target = task.Target ?? throw new ArgumentException($"Task '{task.Id}' has no target.", nameof(task));
        // Retryable: in a rolling upgrade another silo may register the name and claim the next attempt.
        var grainClass = registry.Find(target.Grain) ?? throw new InvalidOperationException(
            $"No grain is registered as '{target.Grain}' on silo '{siloId}' (AddTaskTargetGrain); it registers: {Known()}.");
        var id = GrainId.Create(grainTypes.GetGrainType(grainClass), target.Key ?? task.Id);
        var run = new TaskRun
        {
            TaskId = task.Id,
            Queue = task.Queue,
            Type = task.Type,
            Payload = task.Payload,
            Attempt = task.Attempt,
            MaxAttempts = task.MaxAttempts,
            Deadline = task.Deadline,
            SiloId = siloId,
            Progress = grains.GetGrain<ITaskProgressSink>(TaskProgressSinkGrain.KeyOf(task)),
        };
        string? json = await grains.GetGrain<ITaskTargetGrain>(id).RunTaskAsync(run, cancellationToken);
        if (json is null) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new NonRetryableTaskException($"Grain '{target.Grain}' returned a result for task '{task.Id}' that is not JSON: {e.Message}", e);
        }
    }

    private string Known() => registry.Names.Count == 0 ? "none" : string.Join(", ", registry.Names);
}
