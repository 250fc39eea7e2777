using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Hosting;

/// <summary>Refuses options a silo cannot run with, at start-up, naming each bad setting.</summary>
public sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    /// <summary>Bounds of a weight in <see cref="SchedulerOptions.QueueWeights"/>.</summary>
    public const int MinQueueWeight = 1, MaxQueueWeight = 1000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (options.Queues.Count == 0 && options.RunWorkers) failures.Add("Queues must name at least one queue when RunWorkers is true.");
        foreach (string queue in options.Queues.Where(q => !TaskLimits.IsValidQueue(q)))
            failures.Add($"Queue '{queue}' must match {TaskLimits.QueuePattern}.");
        if (options.Capacity < 1) failures.Add($"Capacity must be at least 1 (was {options.Capacity}).");
        if (options.ClaimBatchSize < 1) failures.Add($"ClaimBatchSize must be at least 1 (was {options.ClaimBatchSize}).");
        if (options.CompletionBatchSize < 1) failures.Add($"CompletionBatchSize must be at least 1 (was {options.CompletionBatchSize}).");
        if (options.PollInterval <= TimeSpan.Zero) failures.Add("PollInterval must be positive.");
        if (options.AttemptCheckInterval <= TimeSpan.Zero) failures.Add("AttemptCheckInterval must be positive.");
        if (options.MaxFailovers < 0) failures.Add($"MaxFailovers must not be negative (was {options.MaxFailovers}).");
        if (!Enum.IsDefined(options.FailoverProfile))
            failures.Add($"FailoverProfile must be one of {string.Join(", ", Enum.GetNames<FailoverProfile>())} (was {options.FailoverProfile}).");
        if (options.SweepInterval <= TimeSpan.Zero) failures.Add("SweepInterval must be positive.");
        if (options.BackstopInterval <= TimeSpan.Zero) failures.Add("BackstopInterval must be positive.");
        if (options.PinnedWait <= TimeSpan.Zero) failures.Add("PinnedWait must be positive.");
        if (options.LoadDeferWindow < TimeSpan.Zero) failures.Add("LoadDeferWindow must not be negative.");
        if (options.LoadReportInterval <= TimeSpan.Zero) failures.Add("LoadReportInterval must be positive.");
        if (options.CancellationGracePeriod < TimeSpan.Zero) failures.Add("CancellationGracePeriod must not be negative.");
        if (options.DrainTimeout < TimeSpan.Zero) failures.Add("DrainTimeout must not be negative.");
        if (options.MaxPayloadBytes < 1) failures.Add($"MaxPayloadBytes must be at least 1 (was {options.MaxPayloadBytes}).");
        if (options.History is null) failures.Add("History must be set.");
        else
        {
            if (options.History.EventStreamLength < 0) failures.Add($"History:EventStreamLength must be 0 (no events) or more (was {options.History.EventStreamLength}).");
            if (options.History.MaxLogLines < 0) failures.Add($"History:MaxLogLines must be 0 or more (was {options.History.MaxLogLines}).");
            if (options.History.MaxLogLineLength < 1) failures.Add($"History:MaxLogLineLength must be at least 1 (was {options.History.MaxLogLineLength}).");
            if (options.History.MaxAttemptHistory < 0) failures.Add($"History:MaxAttemptHistory must be 0 or more (was {options.History.MaxAttemptHistory}).");
        }
        if (options.MaxResultBytes < 1) failures.Add($"MaxResultBytes must be at least 1 (was {options.MaxResultBytes}).");
        if (options.MaxFamilyDepth is < 1 or > 32) failures.Add($"MaxFamilyDepth must be between 1 and 32 (was {options.MaxFamilyDepth}).");
        if (!Enum.IsDefined(options.TaskLogLevel))
            failures.Add($"TaskLogLevel must be one of {string.Join(", ", Enum.GetNames<LogLevel>())} (was {options.TaskLogLevel}).");
        ValidateQueueWeights(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateQueueWeights(SchedulerOptions options, List<string> failures)
    {
        foreach (var (queue, weight) in options.QueueWeights)
        {
            if (!options.Queues.Contains(queue, StringComparer.Ordinal))
                failures.Add($"QueueWeights names queue '{queue}', which this silo does not serve (Queues: {string.Join(", ", options.Queues)}).");
            if (weight is < MinQueueWeight or > MaxQueueWeight)
                failures.Add($"QueueWeights of queue '{queue}' must be between {MinQueueWeight} and {MaxQueueWeight} (was {weight}).");
        }
    }
}
