using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>The check every store runs before storing a batch: the same rules as the API's, so a caller that skips the API still cannot store a bad task.</summary>
public static class SubmissionGuard
{
    /// <summary>Throws <see cref="ArgumentException"/> naming every problem of every task; stores nothing.</summary>
    public static void ThrowIfInvalid(IReadOnlyList<TaskSubmission> tasks, DateTimeOffset now, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var errors = new List<ValidationError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(string Queue, string Key)>();
        for (int i = 0; i < tasks.Count; i++)
        {
            // The field prefix is only formatted for a task with a problem: most batches have none.
            string Prefix() => tasks.Count == 1 ? "" : $"tasks[{i}].";
            var problems = TaskSubmissionValidator.Validate(tasks[i], now, maxPayloadBytes);
            if (problems.Count > 0) errors.AddRange(problems.Select(e => e with { Field = Prefix() + e.Field }));
            if (tasks[i].Id is { } id && !ids.Add(id)) errors.Add(new ValidationError(Prefix() + "id", $"id '{id}' appears more than once in the batch."));
            if (tasks[i].IdempotencyKey is { } key && !keys.Add((tasks[i].Queue, key)))
                errors.Add(new ValidationError(Prefix() + "idempotencyKey", $"idempotencyKey '{key}' appears more than once for queue '{tasks[i].Queue}' in the batch."));
        }
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(tasks));
    }
}
