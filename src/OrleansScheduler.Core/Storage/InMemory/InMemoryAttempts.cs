using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// How running attempts end in the in-memory store: completed, failed, timed out, handed back or
/// failed over, each checked against the attempt's token and recorded (attempt and event) in the
/// same step, under the shared lock.
/// </summary>
internal sealed class InMemoryAttempts(InMemoryState state, InMemoryFamilies families)
{
    public IReadOnlyList<OutcomeResult> Complete(IReadOnlyList<TaskCompletion> completions)
    {
        var results = new OutcomeResult[completions.Count];
        lock (state.Gate)
        {
            var now = state.Now();
            for (int i = 0; i < completions.Count; i++)
            {
                var c = completions[i];
                results[i] = state.CheckOutcome(c.Id, c.Token, t => t.State == TaskState.Succeeded && t.Result == c.Result
                    && t.LastEndedAs(TaskAttemptOutcomes.Succeeded, t.Attempt, c.Token), out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                var queue = state.QueueOf(task!);
                queue.LeaveRunning(task!);
                task!.EndAttempt(TaskAttemptOutcomes.Succeeded, now, state.History);
                task.Result = c.Result;
                queue.Finish(task, TaskState.Succeeded, now);
                queue.Record(task, TaskEventTypes.Succeeded, TaskState.Running, now, task.Silo);
                families.Ended(task, now);
            }
        }
        return results;
    }

    public IReadOnlyList<OutcomeResult> Fail(IReadOnlyList<TaskFailure> failures)
    {
        var results = new OutcomeResult[failures.Count];
        lock (state.Gate)
        {
            var now = state.Now();
            for (int i = 0; i < failures.Count; i++)
            {
                var f = failures[i];
                // A retryable failure left it Scheduled (or Pending once due), a final one Failed, the token unchanged.
                results[i] = state.CheckOutcome(f.Id, f.Token, t => t.State is TaskState.Scheduled or TaskState.Pending or TaskState.Failed
                    && t.Error == f.Error && t.LastEndedAs(TaskAttemptOutcomes.Failed, t.Attempt, f.Token), out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                var queue = state.QueueOf(task!);
                queue.LeaveRunning(task!);
                FailAttempt(task!, f.Error, f.Retryable, TaskAttemptOutcomes.Failed, now, f.RetryAfter);
            }
        }
        return results;
    }


    public OutcomeResult Progress(TaskProgress progress)
    {
        lock (state.Gate)
        {
            var result = state.CheckAttempt(progress.Id, progress.Token, out var task);
            if (result == OutcomeResult.Accepted)
            {
                task!.Progress = progress.Percent;
                task.ProgressMessage = progress.Message;
            }
            return result;
        }
    }

    /// <summary>Times out the attempts past their deadline; returns how many.</summary>
    public int Expire(string queueName)
    {
        int expired = 0;
        lock (state.Gate)
        {
            var now = state.Now();
            if (!state.Queues.TryGetValue(queueName, out var queue)) return 0;
            while (queue.Running.Count > 0 && queue.Running.Min.DeadlineMs <= now.ToUnixTimeMilliseconds())
            {
                var task = state.Tasks[queue.Running.Min.Id];
                queue.LeaveRunning(task);
                task.Token++; // the late worker's completion must lose
                string error = $"Attempt {task.Attempt} of task '{task.Id}' timed out after {(long)task.Spec.Timeout.TotalMilliseconds} ms.";
                FailAttempt(task, error, retryable: true, TaskAttemptOutcomes.TimedOut, now);
                expired++;
            }
        }
        return expired;
    }

    public IReadOnlyList<OutcomeResult> Release(IReadOnlyList<TaskRelease> releases)
    {
        var results = new OutcomeResult[releases.Count];
        lock (state.Gate)
        {
            var now = state.Now();
            for (int i = 0; i < releases.Count; i++)
            {
                var r = releases[i];
                results[i] = state.CheckAttempt(r.Id, r.Token, out var task);
                if (results[i] != OutcomeResult.Accepted) continue;
                HandBack(task!, TaskAttemptOutcomes.Released, TaskEventTypes.Released, now);
            }
        }
        return results;
    }

    public FailoverResult RequeueSilo(string queueName, string siloId, int maxFailovers)
    {
        int requeued = 0, poisoned = 0;
        lock (state.Gate)
        {
            var now = state.Now();
            if (!state.Queues.TryGetValue(queueName, out var queue)) return default;
            ForgetOldRequeuedSilos(queue, now);
            queue.RequeuedSilos[siloId] = now;
            // What waits for the dead silo waits for the router instead, in its order.
            foreach (var (_, id) in queue.Lanes.Silo(siloId).ToList()) queue.Reroute(state.Tasks[id], TaskRouting.NoSilo, now);
            var orphans = queue.Running.Select(r => state.Tasks[r.Id]).Where(t => t.Silo == siloId).ToList();
            foreach (var task in orphans)
            {
                task.Failovers++;
                if (task.Failovers <= maxFailovers)
                {
                    HandBack(task, TaskAttemptOutcomes.FailedOver, TaskEventTypes.FailedOver, now);
                    requeued++;
                    continue;
                }
                queue.LeaveRunning(task);
                task.Token++;
                task.EndAttempt(TaskAttemptOutcomes.FailedOver, now, state.History);
                task.Error = InMemoryTaskStore.PoisonError(task.Id, task.Failovers, siloId, maxFailovers);
                queue.Finish(task, TaskState.Failed, now);
                queue.Record(task, TaskEventTypes.Failed, TaskState.Running, now, siloId, task.Error);
                families.Ended(task, now);
                poisoned++;
            }
        }
        return new FailoverResult(requeued, poisoned);
    }

    /// <summary>Drops the silos requeued longer ago than <see cref="ITaskStore.RequeuedSiloMemory"/>, as the Redis store trims its set.</summary>
    private static void ForgetOldRequeuedSilos(QueueState queue, DateTimeOffset now)
    {
        foreach (var (silo, at) in queue.RequeuedSilos.ToList())
        {
            if (now - at > ITaskStore.RequeuedSiloMemory) queue.RequeuedSilos.Remove(silo);
        }
    }

    /// <summary>Back to Pending without counting the attempt; the token bump fences off the handler still running.</summary>
    private void HandBack(StoredTask task, string outcome, string eventType, DateTimeOffset now)
    {
        var queue = state.QueueOf(task);
        queue.LeaveRunning(task);
        task.EndAttempt(outcome, now, state.History);
        task.Token++;
        task.Attempt--;
        queue.MakeReady(task, now);
        queue.Record(task, eventType, TaskState.Running, now, task.Silo);
    }

    /// <summary>Ends a Running task's attempt (already out of the running index) as failed: schedules a retry (returns true) or ends the task Failed.</summary>
    private bool FailAttempt(StoredTask task, string error, bool retryable, string outcome, DateTimeOffset now, TimeSpan? retryAfter = null)
    {
        var queue = state.QueueOf(task);
        task.EndAttempt(outcome, now, state.History, error);
        task.Error = error;
        if (retryable && task.Attempt < task.Spec.MaxAttempts)
        {
            var backoff = RetryBackoff.Delay(task.Attempt, task.Spec.Backoff, Random.Shared.NextDouble());
            // A Retry-After is capped like the backoff: a server cannot park a task for a year.
            var wait = retryAfter > backoff ? TimeSpan.FromTicks(Math.Min(retryAfter.Value.Ticks, TaskLimits.MaxBackoff.Ticks)) : backoff;
            queue.Schedule(task, now + wait);
            queue.Record(task, TaskEventTypes.Retrying, TaskState.Running, now, task.Silo, error);
            return true;
        }
        queue.Finish(task, TaskState.Failed, now);
        queue.Record(task, TaskEventTypes.Failed, TaskState.Running, now, task.Silo, error);
        families.Ended(task, now);
        return false;
    }
}
