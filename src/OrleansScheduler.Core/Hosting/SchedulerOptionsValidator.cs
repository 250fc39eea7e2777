using Microsoft.Extensions.Options;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Hosting;

/// <summary>Refuses options a silo cannot run with, at start-up, naming each bad setting.</summary>
public sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (options.SiloId is { } id && !TaskLimits.IsValidId(id)) failures.Add($"SiloId '{id}' must match {TaskLimits.IdPattern}.");
        if (options.Queues.Count == 0 && options.RunWorkers) failures.Add("Queues must name at least one queue when RunWorkers is true.");
        foreach (string queue in options.Queues.Where(q => !TaskLimits.IsValidQueue(q)))
            failures.Add($"Queue '{queue}' must match {TaskLimits.QueuePattern}.");
        if (options.Capacity < 1) failures.Add($"Capacity must be at least 1 (was {options.Capacity}).");
        if (options.ClaimBatchSize < 1) failures.Add($"ClaimBatchSize must be at least 1 (was {options.ClaimBatchSize}).");
        if (options.CompletionBatchSize < 1) failures.Add($"CompletionBatchSize must be at least 1 (was {options.CompletionBatchSize}).");
        if (options.PollInterval <= TimeSpan.Zero) failures.Add("PollInterval must be positive.");
        if (options.ExpirySweepInterval <= TimeSpan.Zero) failures.Add("ExpirySweepInterval must be positive.");
        if (options.DrainTimeout < TimeSpan.Zero) failures.Add("DrainTimeout must not be negative.");
        if (options.MaxPayloadBytes < 1) failures.Add($"MaxPayloadBytes must be at least 1 (was {options.MaxPayloadBytes}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
