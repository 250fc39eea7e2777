using System.Text;

namespace OrleansScheduler.Tasks;

/// <summary>Checks a <see cref="TaskSubmission"/> against <see cref="TaskLimits"/>. Pure: no I/O.</summary>
public static class TaskSubmissionValidator
{
    /// <summary>Every problem with <paramref name="task"/>; empty when it may be stored.</summary>
    /// <param name="task">The submission.</param>
    /// <param name="now">The current time, to bound <see cref="TaskSubmission.RunAt"/>.</param>
    /// <param name="maxPayloadBytes">The payload limit in UTF-8 bytes.</param>
    /// <param name="prefix">Prepended to field names, e.g. <c>tasks[2].</c>.</param>
    public static IReadOnlyList<ValidationError> Validate(TaskSubmission task, DateTimeOffset now, int maxPayloadBytes, string prefix = "")
    {
        // Made on the first problem: a valid task (the usual case, once per task of every batch) allocates nothing.
        List<ValidationError>? errors = null;
        void Add(string field, string message) => (errors ??= []).Add(new ValidationError(prefix + field, message));

        if (string.IsNullOrEmpty(task.Type)) Add("type", "type is required.");
        else if (!TaskLimits.IsValidType(task.Type)) Add("type", $"type must match {TaskLimits.TypePattern}.");
        if (!TaskLimits.IsValidQueue(task.Queue)) Add("queue", $"queue must match {TaskLimits.QueuePattern}.");
        if (task.Id is not null && !TaskLimits.IsValidId(task.Id)) Add("id", $"id must match {TaskLimits.IdPattern}.");
        if (task.IdempotencyKey is not null && !TaskLimits.IsValidIdempotencyKey(task.IdempotencyKey))
            Add("idempotencyKey", $"idempotencyKey must match {TaskLimits.IdempotencyKeyPattern}.");
        if (task.IdempotencyWindow is { } window)
        {
            if (task.IdempotencyKey is null) Add("idempotencyWindowMs", "idempotencyWindowMs needs an idempotencyKey.");
            else if (window < TaskLimits.MinIdempotencyWindow || window > TaskLimits.MaxIdempotencyWindow)
                Add("idempotencyWindowMs", $"idempotencyWindowMs must be between {(long)TaskLimits.MinIdempotencyWindow.TotalMilliseconds} and {(long)TaskLimits.MaxIdempotencyWindow.TotalMilliseconds}.");
        }
        if (task.Priority is < TaskLimits.MinPriority or > TaskLimits.MaxPriority)
            Add("priority", $"priority must be between {TaskLimits.MinPriority} and {TaskLimits.MaxPriority}.");
        if (task.MaxAttempts is < 1 or > TaskLimits.MaxAttempts)
            Add("maxAttempts", $"maxAttempts must be between 1 and {TaskLimits.MaxAttempts}.");
        if (task.Timeout < TimeSpan.FromMilliseconds(1) || task.Timeout > TaskLimits.MaxTimeout)
            Add("timeoutMs", $"timeoutMs must be between 1 and {(long)TaskLimits.MaxTimeout.TotalMilliseconds}.");
        if (task.Backoff < TimeSpan.Zero || task.Backoff > TaskLimits.MaxBackoff)
            Add("backoffMs", $"backoffMs must be between 0 and {(long)TaskLimits.MaxBackoff.TotalMilliseconds}.");
        if (task.RunAt is { } runAt && runAt - now > TaskLimits.MaxDelay)
            Add("runAt", $"a task may be scheduled at most {TaskLimits.MaxDelay.TotalDays} days ahead.");
        if (task.Payload is null) Add("payload", "payload must be JSON text (use \"null\" for none).");
        else if (Encoding.UTF8.GetByteCount(task.Payload) > maxPayloadBytes)
            Add("payload", $"payload is {Encoding.UTF8.GetByteCount(task.Payload)} bytes; the limit is {maxPayloadBytes}.");
        if (task.Routing is { } routing)
        {
            foreach (var error in TaskRoutingValidator.Validate(routing, prefix + "routing.")) (errors ??= []).Add(error);
        }
        if (task.Target is { } target)
        {
            if (string.IsNullOrEmpty(target.Grain)) Add("target.grain", "target.grain is required: the name a grain type is registered under with AddTaskTargetGrain.");
            else if (!TaskLimits.IsValidType(target.Grain)) Add("target.grain", $"target.grain must match {TaskLimits.TypePattern}.");
            if (target.Key is { Length: 0 or > TaskLimits.MaxTargetKeyLength })
                Add("target.key", $"target.key must be 1 to {TaskLimits.MaxTargetKeyLength} characters (leave it out to key the grain by the task's id).");
        }
        return errors ?? (IReadOnlyList<ValidationError>)[];
    }
}
