using System.Globalization;
using OrleansScheduler.Api;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Reads what the transition scripts wrote of a task's history (events, attempts) and stores and
/// reads handlers' log lines; layout in <see cref="RedisKeys"/>. Lookups by task id find its
/// queue first, then read that queue's keys in one step.
/// </summary>
internal sealed class RedisTaskHistory(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts,
    RedisTaskLocator locator, HistoryLimits limits)
{
    /// <summary>Most events one <see cref="ReadEventsAsync"/> returns.</summary>
    public const int MaxEventsPerRead = 10_000;

    public async Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || limits.MaxLogLines <= 0) return;
        var database = connection.GetDatabase();
        var calls = new List<Task<RedisResult>>();
        foreach (var byQueue in lines.GroupBy(l => l.Queue, StringComparer.Ordinal))
        {
            if (!TaskLimits.IsValidQueue(byQueue.Key)) continue; // no task can be in it
            var args = new List<RedisValue> { limits.MaxLogLines };
            foreach (var byTask in byQueue.GroupBy(l => l.TaskId, StringComparer.Ordinal))
            {
                // the trim would drop the older ones anyway; they need not travel
                var kept = byTask.TakeLast(limits.MaxLogLines).ToList();
                args.Add(byTask.Key);
                args.Add(kept.Count);
                args.AddRange(kept.Select(line => (RedisValue)RedisHistoryCodec.EncodeLog(line, limits.MaxLogLineLength)));
            }
            calls.Add(scripts.EvaluateAsync(database, scripts.AppendLogs, keys.Queue(byQueue.Key), [.. args]));
        }
        await Task.WhenAll(calls);
    }

    public async Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (await locator.FindQueueAsync(id) is not { } queue) return null;
        if (await locator.GetWithListAsync(queue, id, "logs") is not { } found) return null; // deleted since it was found
        return [.. found.List.Select(line => RedisHistoryCodec.Log(id, queue, (string)line!))];
    }

    public async Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (await locator.FindQueueAsync(id) is not { } queue) return null;
        if (await locator.GetWithListAsync(queue, id, "attempts") is not { } found) return null; // deleted since it was found
        var record = found.Task;

        var attempts = found.List.Select(a => RedisHistoryCodec.Attempt((string)a!)).ToList();
        // the last ended attempt stays with the task's fields until another starts (see _history.lua)
        if (limits.MaxAttemptHistory > 0 && RedisHistoryCodec.LastEndedAttempt(found.Fields) is { } last)
        {
            attempts.Add(last);
            if (attempts.Count > limits.MaxAttemptHistory) attempts.RemoveRange(0, attempts.Count - limits.MaxAttemptHistory);
        }
        if (record is { Status: TaskState.Running, Silo: { } silo, StartedAt: { } startedAt })
            attempts.Add(new TaskAttempt { Number = record.Attempt, Silo = silo, StartedAt = startedAt, Outcome = TaskAttemptOutcomes.Running });
        return attempts;
    }

    public async Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max)
    {
        if (!TaskLimits.IsValidQueue(queue)) throw new ArgumentException($"Queue '{queue}' must match {TaskLimits.QueuePattern}.", nameof(queue));
        if (max is < 1 or > MaxEventsPerRead)
            throw new ArgumentException($"max must be between 1 and {MaxEventsPerRead} (was {max}).", nameof(max));
        RedisEventId? position = null;
        if (after is not null)
        {
            if (!RedisEventId.TryParse(after, out var parsed))
                throw new ArgumentException($"after must be an event id, <ms>-<seq> or <ms> (was '{after}').", nameof(after));
            position = parsed;
        }
        var reply = await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Events, keys.Queue(queue),
            [position?.ToString() ?? "", max, limits.EventStreamLength]);
        return RedisHistoryCodec.Events(queue, reply, position, max: max);
    }

    public async Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (await locator.FindQueueAsync(id) is not { } queue) return null;
        var reply = await scripts.EvaluateAsync(connection.GetDatabase(), scripts.TaskEvents, keys.Queue(queue), [id, limits.EventStreamLength]);
        return RedisHistoryCodec.Events(queue, reply, taskId: id);
    }
}
